-- Sales posting writes a transaction, two postings and a sale row per sale, hundreds of thousands at a
-- time (docs/performance.md). On PostgreSQL each foreign key is a trigger run per inserted row: the five
-- below cost a third of the posting time (37.5 s → 25.3 s for 1,000,000 lines). The code only ever posts
-- to accounts and transactions it has just read or inserted, and verify-ledger checks every reference
-- (LedgerVerifier: no posting or sale without its transaction and account). H2 keeps the keys, so the
-- test suite still fails on a dangling reference. sale_key_uq stays: a sale id is posted once whether SALE or REFUND,
-- which the ledger's key (type, business_key) alone does not say.
alter table posting drop constraint posting_transaction_id_fkey;
alter table posting drop constraint posting_account_id_fkey;
alter table sale drop constraint sale_transaction_id_fkey;
alter table sale drop constraint sale_account_id_fkey;
alter table sale drop constraint sale_institution_no_fkey;
