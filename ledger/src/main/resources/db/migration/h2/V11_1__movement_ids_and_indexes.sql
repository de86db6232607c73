-- New movements are numbered after the carried-over ones (V11 gave leg 1 of each old transaction its id).
alter table movement alter column id restart with (select coalesce(max(id), 0) + 1 from movement);

-- A statement or a daily limit reads one member account's movements in time order (H2 has no partial index).
create index movement_member_ix on movement (member_account_id, booked_at);

-- A sales file's receipt reads its sales in line order.
create index movement_sales_file_ix on movement (sales_file_id, line_no);
