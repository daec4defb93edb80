-- CREATE TABLE AS keeps the types of aliased columns: a foreign key over them is implemented.
CREATE TABLE gateways (id bigint PRIMARY KEY);
CREATE TABLE readings (gateway_id bigint REFERENCES gateways (id), at timestamptz, value float8);
CREATE TABLE last_readings AS
  SELECT r.gateway_id AS gateway_id, max(r.at) AS at FROM readings AS r GROUP BY r.gateway_id;
ALTER TABLE last_readings ADD CONSTRAINT last_readings_gateway_fk FOREIGN KEY (gateway_id) REFERENCES gateways (id);
CREATE TABLE reading_counts AS SELECT gateway_id, count(*) AS n FROM readings GROUP BY gateway_id;
