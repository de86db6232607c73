-- The finance report reads a day's movements by booked_at (the day's flows, sales by institution, suspense, flags,
-- payouts) and the postings recorded after a day by created_at: without an index each is a scan of the whole ledger,
-- which grows by a day's movements every day. Both columns grow with the table (booked_at nearly so: a sale is booked
-- at its sale time, hours before its file arrives), so BRIN indexes find a day's blocks for a few pages of index and
-- cost the posting paths almost nothing (the B-trees of the movement table are what sales posting pays for).
create index movement_booked_brin on movement using brin (booked_at);
create index movement_created_brin on movement using brin (created_at);
