"""Accounts for tests: each call creates a real account through the API."""


def new_account(client) -> dict:
    """Headers carrying a fresh account's bearer token."""
    response = client.post("/api/v1/accounts")
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}
