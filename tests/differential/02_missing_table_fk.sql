CREATE TABLE members (id uuid PRIMARY KEY, team_id uuid REFERENCES teams(id));
