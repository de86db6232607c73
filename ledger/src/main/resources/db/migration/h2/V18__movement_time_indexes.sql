-- The finance report reads a day's movements by booked_at and the postings recorded after a day by created_at
-- (PostgreSQL has BRIN indexes for them; H2 has only B-trees).
create index movement_booked_ix on movement (booked_at);
create index movement_created_ix on movement (created_at);
