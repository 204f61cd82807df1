/**
 * An example application: a ledger of accounts on the {@code ledger} listener, whose every
 * connection can carry one branch of a client-coordinated two-phase-commit transaction.
 * Nothing here is exported.
 */
package org.fdtserver.example.ledger;
