/**
 * The {@code calsync} command-line app: {@code demo}, {@code pairs}, {@code sync} and {@code
 * health}, built with picocli into {@code calsync-examples/target/calsync.jar}.
 */
package dev.calsync.examples.cli;
