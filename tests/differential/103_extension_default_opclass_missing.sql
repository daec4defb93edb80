-- Without btree_gist an integer has no default gist operator class (42704).
CREATE TABLE bookings (
  id bigint PRIMARY KEY,
  room_id integer NOT NULL,
  during tstzrange NOT NULL
);
CREATE INDEX bookings_room ON bookings USING gist (room_id, during);
