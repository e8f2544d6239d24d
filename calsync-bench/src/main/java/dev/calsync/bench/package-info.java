/** calsync's benchmarks; each prints its figures as a Markdown table. Not published. */
package dev.calsync.bench;
