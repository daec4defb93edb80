-- COMMENT ON CONSTRAINT needs the constraint on that table (42704); the auto-generated
-- name of a column CHECK is table_column_check.
CREATE TABLE parcel (weight int CHECK (weight > 0), code text UNIQUE);
COMMENT ON CONSTRAINT parcel_weight_check ON parcel IS 'generated name';
COMMENT ON CONSTRAINT parcel_code_key ON parcel IS 'generated name';
COMMENT ON CONSTRAINT parcel_code_check ON parcel IS 'not there';
