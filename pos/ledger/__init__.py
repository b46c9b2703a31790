"""The durable ledger: gapless receipt numbers, the hash-chained journal and its verification."""
