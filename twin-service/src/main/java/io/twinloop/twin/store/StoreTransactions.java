package io.twinloop.twin.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * How the twin's stores reach their database: a read on a pooled connection, or a write in one
 * transaction whose after-commit actions (event publication, cache updates) run only once it committed.
 * SQL errors become {@link StoreException}s.
 */
final class StoreTransactions {

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    interface TxWork<T> {
        T run(Tx tx) throws SQLException;
    }

    /** An open transaction and what to do once it committed. */
    static final class Tx {
        private final Connection connection;
        private final List<Runnable> afterCommit = new ArrayList<>();

        Tx(Connection connection) {
            this.connection = connection;
        }

        Connection connection() {
            return connection;
        }

        /** Runs {@code action} after the commit (never when the transaction rolls back). */
        void afterCommit(Runnable action) {
            afterCommit.add(action);
        }
    }

    private final DataSource dataSource;

    StoreTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> T query(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("twin store query failed", e);
        }
    }

    /** Runs {@code work} in one transaction, then (only after the commit) its after-commit actions. */
    <T> T inTransaction(TxWork<T> work) {
        Tx tx;
        T result;
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                tx = new Tx(c);
                result = work.run(tx);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StoreException("twin store write failed", e);
        }
        for (Runnable r : tx.afterCommit) {
            r.run();
        }
        return result;
    }
}
