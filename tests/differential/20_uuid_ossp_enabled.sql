CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE TABLE items (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), name text);
CREATE TABLE other (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
