/**
 * An example client of the ledger: a command-line coordinator of two-phase-commit transfers
 * between two fdtserver instances, with a durable decision log and a recovery mode. A plain jar
 * (not a bundle) that needs nothing but the JDK.
 */
package org.fdtserver.example.coordinator;
