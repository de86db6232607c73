-- Every deposit, withdrawal and sale also moves a system account (acquirer receivable, payout
-- clearing, sales payable). Kept on one row, that balance would be a lock every concurrent posting
-- queues for until commit. A system account's balance is therefore spread over 16 shard rows
-- (account.balance stays 0 for it); a posting adds to one shard picked at random. The balance is
-- account.balance + the sum of its shards; verify-ledger checks that against the postings.
create table account_balance_shard (
    account_id      bigint   not null references account (id),
    shard           smallint not null,
    balance         bigint   not null default 0,
    primary key (account_id, shard)
);

insert into account_balance_shard (account_id, shard)
select a.id, s.n from account a cross join (select 0 as n union all select 1 union all select 2 union all select 3 union all select 4
    union all select 5 union all select 6 union all select 7 union all select 8 union all select 9 union all select 10 union all select 11
    union all select 12 union all select 13 union all select 14 union all select 15) s
where a.kind <> 'MEMBER';
