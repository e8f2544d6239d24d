/**
 * The canonical form of events and series, and the content hash derived from it, which decides
 * "did this side change since the last sync" and "do both sides already hold the same thing".
 */
package dev.calsync.core.canonical;
