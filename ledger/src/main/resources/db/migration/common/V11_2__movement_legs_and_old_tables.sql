-- The further legs of the old transactions (a settlement's fee, ...), numbered after the carried-over ids.
insert into movement (type, key_space, business_key, leg, debit_account_id, credit_account_id, member_account_id, amount, booked_at,
                      description, reference_id, created_at)
select t.type, t.type, t.business_key, l.leg, l.debit_account_id, l.credit_account_id,
       case when da.kind = 'MEMBER' then da.id when ca.kind = 'MEMBER' then ca.id end, l.amount, t.booked_at,
       t.description, t.reference_id, t.created_at
from movement_leg_migration l
join ledger_transaction t on t.id = l.transaction_id
join account da on da.id = l.debit_account_id
join account ca on ca.id = l.credit_account_id
where l.leg > 1
order by t.id, l.leg;

drop table movement_leg_migration;

-- Flags now point at the sale's movement (the same id as its old transaction).
create table sale_flag_migration as select transaction_id, flag, resolved_at, resolution from sale_flag;
drop table sale_flag;
create table sale_flag (
    transaction_id  bigint       not null references movement (id),
    flag            varchar(20)  not null check (flag in ('BLOCKED_CARD', 'OVER_DAILY_LIMIT', 'OVERDRAWN', 'UNKNOWN_CARD')),
    resolved_at     timestamp with time zone,
    resolution      varchar(200),
    primary key (transaction_id, flag)
);
create index sale_flag_open_ix on sale_flag (flag, resolved_at);
insert into sale_flag select * from sale_flag_migration;
drop table sale_flag_migration;

drop table posting;
drop table sale;
-- deposits and withdrawals keep their column name: it now holds the id of the movement (leg 1) that booked them
drop table ledger_transaction cascade;
alter table deposit add constraint deposit_movement_fk foreign key (ledger_transaction_id) references movement (id);
alter table withdrawal add constraint withdrawal_movement_fk foreign key (ledger_transaction_id) references movement (id);

-- What receipts, tests and people read of a terminal sale, as the old sale table showed it.
create view sale as
select m.id as transaction_id,
       substring(m.business_key from 1 for position(':' in m.business_key) - 1) as terminal_id,
       substring(m.business_key from position(':' in m.business_key) + 1) as sale_id,
       m.type, m.institution_no, m.institution_type, m.card_number,
       case when m.type = 'SALE' then m.debit_account_id else m.credit_account_id end as account_id,
       m.amount as amount_ore, m.booked_at as sold_at, m.items, f.file_sha256, m.line_no
from movement m join sales_file f on f.id = m.sales_file_id
where m.key_space = 'SALE';
