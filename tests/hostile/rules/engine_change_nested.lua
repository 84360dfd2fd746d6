-- Changing a table nested in the rule language's tables.
-- expect: 3: attempt to modify read-only table 'table'
table.insert = nil
