// Every open transaction but the one asking (both services of the peer comparison
// connect as the same user, so the user cannot tell them apart).
SHOW TRANSACTIONS YIELD transactionId AS id, currentQuery
WHERE NOT currentQuery STARTS WITH 'SHOW TRANSACTIONS'
RETURN id
