CREATE TABLE plans (id int, plan text, CONSTRAINT plan_ok CHECK (tier IN ('free', 'pro')));
