// End the transactions $ids (their clients have gone).
TERMINATE TRANSACTIONS $ids
