package dev.calsync.store.jdbi;

import java.util.List;
import java.util.Objects;

/**
 * The database holds another application's data and no calsync schema history: a SQLite file with
 * other tables, or a PostgreSQL schema that already has tables named like calsync's. calsync
 * refuses to create its tables among them, and changed nothing.
 */
public class ForeignDatabaseException extends StoreOpenException {

    private static final long serialVersionUID = 1L;

    /** The tables found that made the database foreign. */
    private final List<String> tables;

    /**
     * @param location the database
     * @param message what was found, naming the database
     * @param tables the tables found that made it foreign
     */
    public ForeignDatabaseException(String location, String message, List<String> tables) {
        super(location, message, null);
        this.tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
    }

    /** {@return the tables found that made the database foreign} */
    public List<String> tables() {
        return tables;
    }
}
