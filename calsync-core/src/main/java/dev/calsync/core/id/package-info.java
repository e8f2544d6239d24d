/** Deterministic identifiers calsync derives for the events it creates. */
package dev.calsync.core.id;
