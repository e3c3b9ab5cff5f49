"""Accounts: a random bearer token is the whole identity; only its hash is ever stored.

service.py makes and checks tokens; store.py is the only module that knows the account keys.
"""
