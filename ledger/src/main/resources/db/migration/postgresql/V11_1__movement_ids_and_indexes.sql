-- New movements are numbered after the carried-over ones (V11 gave leg 1 of each old transaction its id).
select setval(pg_get_serial_sequence('movement', 'id'), coalesce((select max(id) from movement), 0) + 1, false);

-- Business keys are compared byte by byte: every insert checks the unique key, and a locale's collation (the
-- database default, e.g. da_DK.UTF-8) costs a library call per comparison where "C" is a memcmp. The keys are
-- identifiers, never sorted for people.
alter table movement alter column business_key type varchar(120) collate "C", alter column key_space type varchar(30) collate "C";

-- A statement or a daily limit reads one member account's movements in time order; movements between
-- system accounts (a settlement, a payout) are on nobody's statement and stay out of the index.
create index movement_member_ix on movement (member_account_id, booked_at) where member_account_id is not null;

-- A sales file's receipt reads its sales in line order; only sales have a file. (A BRIN index instead was measured
-- slower: the receipts of 50 files posted 4 at a time took 41 s instead of 17.5 s for the whole run.)
create index movement_sales_file_ix on movement (sales_file_id, line_no) where sales_file_id is not null;
