/**
 * Not API. The pure decision function of the sync engine: what to do with one series, given what
 * calsync recorded at the last sync and what each side holds now.
 */
package dev.calsync.core.internal.reconcile;
