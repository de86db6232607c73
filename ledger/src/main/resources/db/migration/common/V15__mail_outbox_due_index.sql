-- The mail sender claims the oldest due messages a page at a time (delivered_at is null ... order by id limit 50). With
-- the index on delivered_at alone every claim read and sorted all pending rows; on (delivered_at, id) it reads the page.
drop index mail_outbox_pending_ix;
create index mail_outbox_pending_ix on mail_outbox (delivered_at, id);
