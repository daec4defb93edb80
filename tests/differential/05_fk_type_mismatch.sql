CREATE TABLE flows (id uuid PRIMARY KEY);
CREATE TABLE runs (id uuid PRIMARY KEY, flow_id text REFERENCES flows(id));
