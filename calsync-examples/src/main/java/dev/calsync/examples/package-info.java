/**
 * The calsync examples: the {@code calsync} command-line app ({@link dev.calsync.examples.cli}) and
 * compiled, tested code samples of assembling a sync in a host application.
 */
package dev.calsync.examples;
