-- The mail sender claims the oldest due messages a page at a time (delivered_at is null and failed_at is null ... order by
-- id limit 50 for update skip locked). PostgreSQL does not read an index on (delivered_at, id) in id order for
-- "delivered_at is null": it read every pending row and sorted them for each page (9.5 ms a page at 20,000 pending,
-- quadratic over a night's statements). An index on id over the pending rows only gives the page directly (0.06 ms).
-- H2 has no partial indexes and keeps V15's index on (delivered_at, id).
drop index mail_outbox_pending_ix;
create index mail_outbox_due_ix on mail_outbox (id) where delivered_at is null and failed_at is null;
