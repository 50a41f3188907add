"""Privacy and the data's whole life: backup and restore, access, erasure,
retention, encryption and the health check.

One module per idea, so each can be read (and shown to a privacy officer) on
its own:

- `files`      private files, copying a database (plain or encrypted), wiping
- `backup`     backups (made while wor is in use), checking and restoring them
- `erasure`    forgetting a client: every row, draft and freed page
- `retention`  what is past the retention period, and purging it
- `encryption` the SQLCipher key, and converting a database
- `access`     everything held about one client, for the client (export)
- `health`     `wor doctor`: each check with what to do

docs/privacy.md explains the decisions for a privacy officer.
"""
