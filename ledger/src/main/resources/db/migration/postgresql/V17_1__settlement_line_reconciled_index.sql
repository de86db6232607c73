-- The finance report reads a day's settlement lines by reconciled_at (V17). The lines are stored in the order they are
-- reconciled, so a BRIN index (a few pages for millions of rows) finds a day's blocks, and costs the settlement chunks,
-- which store a line per settled top-up, almost nothing to keep up; a B-tree would be a fourth index on that table.
create index settlement_line_reconciled_ix on settlement_line using brin (reconciled_at);
