CREATE TABLE items (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), name text);
