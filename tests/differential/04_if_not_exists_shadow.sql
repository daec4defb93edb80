CREATE TABLE IF NOT EXISTS logs (id bigserial PRIMARY KEY, kind text);
CREATE TABLE IF NOT EXISTS logs (id uuid PRIMARY KEY, "userId" uuid);
CREATE INDEX logs_user_idx ON logs ("userId");
