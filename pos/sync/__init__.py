"""The till's side of synchronisation: the outbox goes up, catalogue changes come down.

``SyncWorker`` runs rounds on its own thread (never the GUI's); ``sync_round`` is one round; ``register`` trades a
provisioning code for the terminal's credential. The wire format both sides share is ``pos.sync.wire``.
"""
