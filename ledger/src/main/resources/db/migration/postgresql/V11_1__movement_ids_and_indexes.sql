-- New movements are numbered after the carried-over ones (V11 gave leg 1 of each old transaction its id).
select setval(pg_get_serial_sequence('movement', 'id'), coalesce((select max(id) from movement), 0) + 1, false);

-- A statement or a daily limit reads one member account's movements in time order; movements between
-- system accounts (a settlement, a payout) are on nobody's statement and stay out of the index.
create index movement_member_ix on movement (member_account_id, booked_at) where member_account_id is not null;
