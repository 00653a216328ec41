package org.dicompipe.emulator.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.dicompipe.codec.BulkDataRef;

/**
 * The instance index of one DICOM store: an SQLite database next to the instance files. Study and series rows carry
 * their searchable values and the "number of related" counters, maintained in the same transaction as the instance
 * rows, so that a search never has to count or join more than the page it returns.
 *
 * <p>One connection writes (SQLite has one writer anyway); a few read connections serve searches concurrently,
 * which WAL mode allows.
 */
public final class InstanceIndex implements AutoCloseable {

    private static final int READERS = 4;
    private static final long READER_MMAP_BYTES = 256L << 20;
    private static final int READER_CACHE_KIB = 16 << 10;

    private final Connection writer;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> all = new ArrayList<>();
    /**
     * Each connection's prepared statements by SQL text: preparing costs more than running most of these statements.
     * A connection is used by one thread at a time (the writer under this object's lock, a reader while taken from
     * {@link #readers}), and so is its cache. The map itself is filled in the constructor only.
     */
    private final Map<Connection, Map<String, PreparedStatement>> statements = new IdentityHashMap<>();

    public InstanceIndex(Path dbFile) throws IOException {
        try {
            writer = open(dbFile);
            try (Statement st = writer.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                // The files are the source of truth and are forced to disk before the row is written; after a
                // power loss a lost commit is redone by reconciliation, so NORMAL durability is enough here.
                st.execute("PRAGMA synchronous=NORMAL");
                renameLegacyChecksumColumn(st);
                for (String ddl : SCHEMA) {
                    st.execute(ddl);
                }
                addDefaultsColumns(st);
            }
            for (int i = 0; i < READERS; i++) {
                Connection c = open(dbFile);
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA query_only=1");
                    // Searches read the same pages over and over: map the file instead of copying each page from
                    // the OS cache on every read, and give each reader a page cache that holds a study's rows.
                    st.execute("PRAGMA mmap_size=" + READER_MMAP_BYTES);
                    st.execute("PRAGMA cache_size=-" + READER_CACHE_KIB);
                }
                readers.add(c);
            }
        } catch (SQLException e) {
            close();
            throw new IOException("cannot open the instance index " + dbFile + ": " + e.getMessage(), e);
        }
    }

    /** Indexes written before checksums replaced SHA-256 digests name the column sha256; their values still work. */
    private static void renameLegacyChecksumColumn(Statement st) throws SQLException {
        boolean legacy = false;
        try (ResultSet rs = st.executeQuery("SELECT name FROM pragma_table_info('instance') WHERE name = 'sha256'")) {
            legacy = rs.next();
        }
        if (legacy) {
            st.execute("ALTER TABLE instance RENAME COLUMN sha256 TO checksum");
        }
    }

    /**
     * Indexes written before the default-attribute texts existed lack their column; their rows keep it empty and
     * searches read the full attributes for them instead.
     */
    private static void addDefaultsColumns(Statement st) throws SQLException {
        for (String table : List.of("study", "series", "instance")) {
            boolean present;
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pragma_table_info('" + table + "') WHERE name = 'defaults'")) {
                present = rs.next();
            }
            if (!present) {
                st.execute("ALTER TABLE " + table + " ADD COLUMN defaults TEXT");
            }
        }
    }

    private Connection open(Path dbFile) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile.toAbsolutePath());
        all.add(c);
        statements.put(c, new StatementCache());
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=10000");
        }
        return c;
    }

    private static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS study(
          study_uid TEXT PRIMARY KEY,
          patient_name_lc TEXT, patient_name_words TEXT, patient_id TEXT, accession TEXT, referring_lc TEXT,
          study_date TEXT, study_time TEXT, study_id TEXT,
          series_count INTEGER NOT NULL DEFAULT 0, instance_count INTEGER NOT NULL DEFAULT 0,
          attrs TEXT NOT NULL, defaults TEXT)""",
        """
        CREATE TABLE IF NOT EXISTS series(
          study_uid TEXT NOT NULL, series_uid TEXT NOT NULL, modality TEXT, series_number TEXT,
          instance_count INTEGER NOT NULL DEFAULT 0, attrs TEXT NOT NULL, defaults TEXT,
          PRIMARY KEY(study_uid, series_uid))""",
        """
        CREATE TABLE IF NOT EXISTS instance(
          study_uid TEXT NOT NULL, series_uid TEXT NOT NULL, sop_uid TEXT NOT NULL,
          sop_class_uid TEXT, instance_number INTEGER, transfer_syntax TEXT,
          size INTEGER NOT NULL, checksum TEXT NOT NULL, stored_at INTEGER NOT NULL,
          attrs TEXT NOT NULL, metadata TEXT NOT NULL, pixels TEXT, defaults TEXT,
          PRIMARY KEY(study_uid, series_uid, sop_uid))""",
        """
        CREATE TABLE IF NOT EXISTS bulk(
          study_uid TEXT NOT NULL, series_uid TEXT NOT NULL, sop_uid TEXT NOT NULL, path TEXT NOT NULL,
          offset INTEGER NOT NULL, length INTEGER NOT NULL,
          PRIMARY KEY(study_uid, series_uid, sop_uid, path))""",
        // the storage class set by setBlobStorageSettings or import's blobStorageSettings; no row means STANDARD
        """
        CREATE TABLE IF NOT EXISTS blob_storage(
          study_uid TEXT NOT NULL, series_uid TEXT NOT NULL, sop_uid TEXT NOT NULL,
          storage_class TEXT NOT NULL, updated_at INTEGER NOT NULL,
          PRIMARY KEY(study_uid, series_uid, sop_uid))""",
        "CREATE INDEX IF NOT EXISTS study_patient_name ON study(patient_name_lc)",
        "CREATE INDEX IF NOT EXISTS study_patient_id ON study(patient_id)",
        "CREATE INDEX IF NOT EXISTS study_accession ON study(accession)",
        "CREATE INDEX IF NOT EXISTS study_referring ON study(referring_lc)",
        "CREATE INDEX IF NOT EXISTS study_date ON study(study_date)",
        "CREATE INDEX IF NOT EXISTS series_uid ON series(series_uid)",
        "CREATE INDEX IF NOT EXISTS series_modality ON series(modality)",
        "CREATE INDEX IF NOT EXISTS instance_sop ON instance(sop_uid)",
        "CREATE INDEX IF NOT EXISTS instance_sop_class ON instance(sop_class_uid)",
        // QIDO instances?InstanceNumber= within a study: without it every instance of the study is read
        "CREATE INDEX IF NOT EXISTS instance_number ON instance(study_uid, instance_number)",
    };

    // ------------------------------------------------------------------------------------------------ writes

    /**
     * Adds the instance, creating its study and series rows when it is the first of them. Returns false (and changes
     * nothing) when an instance with that key is already indexed.
     */
    public synchronized boolean insert(InstanceRecord r) throws IOException {
        return inWriteTransaction(w -> {
            InstanceKey k = r.key();
            if (exists(writer, k)) {
                return false;
            }
            InstanceRecord.StudyKeys s = r.study();
            update(writer, """
                    INSERT OR IGNORE INTO study(study_uid, patient_name_lc, patient_name_words, patient_id, accession,
                      referring_lc, study_date, study_time, study_id, attrs, defaults)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?)""",
                    k.study(), lower(s.patientName()), nameWords(s.patientName()), s.patientId(),
                    s.accessionNumber(), lower(s.referringPhysicianName()), s.studyDate(), s.studyTime(),
                    s.studyId(), r.studyAttrs(), r.defaults().study());
            int newSeries = update(writer, """
                    INSERT OR IGNORE INTO series(study_uid, series_uid, modality, series_number, attrs, defaults)
                    VALUES (?,?,?,?,?,?)""",
                    k.study(), k.series(), r.series().modality(), r.series().seriesNumber(), r.seriesAttrs(),
                    r.defaults().series());
            update(writer, """
                    INSERT INTO instance(study_uid, series_uid, sop_uid, sop_class_uid, instance_number,
                      transfer_syntax, size, checksum, stored_at, attrs, metadata, pixels, defaults)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                    k.study(), k.series(), k.instance(), r.sopClassUid(), r.instanceNumber(),
                    r.transferSyntaxUid(), r.size(), r.checksum(), r.storedAtMillis(), r.instanceAttrs(),
                    r.metadata(), r.pixels(), r.defaults().instance());
            PreparedStatement bulk = prepared(writer,
                    "INSERT OR REPLACE INTO bulk(study_uid, series_uid, sop_uid, path, offset, length) VALUES (?,?,?,?,?,?)");
            bulk.clearBatch();
            for (Map.Entry<String, BulkDataRef> e : r.bulk().entrySet()) {
                bind(bulk, k.study(), k.series(), k.instance(), e.getKey(), e.getValue().offset(), e.getValue().length());
                bulk.addBatch();
            }
            bulk.executeBatch();
            update(writer, "UPDATE study SET series_count = series_count + ?, instance_count = instance_count + 1"
                    + " WHERE study_uid = ?", newSeries, k.study());
            update(writer, "UPDATE series SET instance_count = instance_count + 1 WHERE study_uid = ? AND series_uid = ?",
                    k.study(), k.series());
            return true;
        });
    }

    /** Removes the instance's rows and the study and series rows it leaves empty; false when it was not indexed. */
    public synchronized boolean delete(InstanceKey k) throws IOException {
        return inWriteTransaction(w -> {
            int n = update(writer, "DELETE FROM instance WHERE study_uid=? AND series_uid=? AND sop_uid=?",
                    k.study(), k.series(), k.instance());
            if (n == 0) {
                return false;
            }
            update(writer, "DELETE FROM bulk WHERE study_uid=? AND series_uid=? AND sop_uid=?",
                    k.study(), k.series(), k.instance());
            update(writer, "DELETE FROM blob_storage WHERE study_uid=? AND series_uid=? AND sop_uid=?",
                    k.study(), k.series(), k.instance());
            update(writer, "UPDATE series SET instance_count = instance_count - 1 WHERE study_uid=? AND series_uid=?",
                    k.study(), k.series());
            int seriesGone = update(writer, "DELETE FROM series WHERE study_uid=? AND series_uid=? AND instance_count <= 0",
                    k.study(), k.series());
            update(writer, "UPDATE study SET instance_count = instance_count - 1, series_count = series_count - ?"
                    + " WHERE study_uid=?", seriesGone, k.study());
            update(writer, "DELETE FROM study WHERE study_uid=? AND instance_count <= 0", k.study());
            return true;
        });
    }

    /** An instance's blob storage class and when it was set (epoch millis). */
    public record StorageClass(String storageClass, long updatedAtMillis) {
    }

    /**
     * Sets the storage class of those of {@code keys} that are indexed, in one transaction.
     *
     * @return the keys whose class changed, each with its previous class (an instance without a row counts as
     *         STANDARD), in the order of {@code keys}
     */
    public synchronized Map<InstanceKey, String> setStorageClass(List<InstanceKey> keys, String storageClass, long now)
            throws IOException {
        return inWriteTransaction(w -> {
            Map<InstanceKey, String> changed = new LinkedHashMap<>();
            for (InstanceKey k : keys) {
                if (!exists(writer, k)) {
                    continue;
                }
                String current = "STANDARD";
                PreparedStatement ps = prepared(writer,
                        "SELECT storage_class FROM blob_storage WHERE study_uid=? AND series_uid=? AND sop_uid=?");
                bind(ps, k.study(), k.series(), k.instance());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        current = rs.getString(1);
                    }
                }
                if (current.equals(storageClass)) {
                    continue;
                }
                update(writer, "INSERT OR REPLACE INTO blob_storage(study_uid, series_uid, sop_uid, storage_class,"
                        + " updated_at) VALUES (?,?,?,?,?)", k.study(), k.series(), k.instance(), storageClass, now);
                changed.put(k, current);
            }
            return changed;
        });
    }

    /** One transaction's work on the writer connection, which it is given. */
    interface WriteWork<T> {
        T run(Connection writer) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction of the writer connection (callers hold this object's lock). SQLite can
     * answer SQLITE_BUSY without waiting out the busy timeout (e.g. while readers and a checkpoint contend for the
     * WAL); such a transaction is rolled back whole and run again after a short pause, so a stored instance does not
     * fail for it. Any other error rolls back and is reported.
     */
    synchronized <T> T inWriteTransaction(WriteWork<T> work) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                writer.setAutoCommit(false);
                try {
                    T result = work.run(writer);
                    writer.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    try {
                        writer.rollback();
                    } catch (SQLException rollback) {
                        e.addSuppressed(rollback);
                    }
                    throw e;
                } finally {
                    writer.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (!isBusy(e) || attempt >= WRITE_ATTEMPTS) {
                    throw new IOException("index write failed: " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(Math.min(100, 1L << attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while the index was busy", e);
                }
            }
        }
    }

    private static final int WRITE_ATTEMPTS = 20;

    private static boolean isBusy(SQLException e) {
        // primary result code 5 (SQLITE_BUSY), also under its extended codes
        return (e.getErrorCode() & 0xff) == 5 || String.valueOf(e.getMessage()).contains("SQLITE_BUSY");
    }

    /** The storage class recorded for the instance; empty means STANDARD since it was stored. */
    public Optional<StorageClass> storageClass(InstanceKey k) throws IOException {
        return read("SELECT storage_class, updated_at FROM blob_storage WHERE study_uid=? AND series_uid=? AND sop_uid=?",
                List.of(k.study(), k.series(), k.instance()), rs -> new StorageClass(rs.getString(1), rs.getLong(2)))
                .stream().findFirst();
    }

    // ------------------------------------------------------------------------------------------------ reads

    public Optional<StoredInstance> find(InstanceKey k) throws IOException {
        List<StoredInstance> l = read("""
                SELECT study_uid, series_uid, sop_uid, sop_class_uid, transfer_syntax, size, checksum, metadata, pixels
                FROM instance WHERE study_uid=? AND series_uid=? AND sop_uid=?""",
                List.of(k.study(), k.series(), k.instance()), InstanceIndex::storedInstance);
        return l.stream().findFirst();
    }

    /**
     * The instances of a study, or of one series when {@code series} is not null, in a stable order; without their
     * metadata and pixel layout (see {@link #page}), so that a large study does not fill the heap.
     */
    public List<StoredInstance> list(String study, String series) throws IOException {
        String sql = "SELECT study_uid, series_uid, sop_uid, sop_class_uid, transfer_syntax, size, checksum, NULL, NULL"
                + " FROM instance WHERE study_uid=?" + (series == null ? "" : " AND series_uid=?")
                + " ORDER BY study_uid, series_uid, sop_uid";
        return read(sql, series == null ? List.of(study) : List.of(study, series), InstanceIndex::storedInstance);
    }

    /**
     * Up to {@code limit} instances of a study (or series) with their metadata, in the order of {@link #list}, starting
     * after {@code after} (null for the first page).
     */
    public List<StoredInstance> page(String study, String series, InstanceKey after, int limit) throws IOException {
        StringBuilder sql = new StringBuilder("SELECT study_uid, series_uid, sop_uid, sop_class_uid, transfer_syntax,"
                + " size, checksum, metadata, pixels FROM instance WHERE study_uid=?");
        List<Object> args = new ArrayList<>(List.of(study));
        if (series != null) {
            sql.append(" AND series_uid=?");
            args.add(series);
        }
        if (after != null) {
            sql.append(" AND (series_uid > ? OR (series_uid = ? AND sop_uid > ?))");
            args.addAll(List.of(after.series(), after.series(), after.instance()));
        }
        sql.append(" ORDER BY study_uid, series_uid, sop_uid LIMIT ?");
        args.add(limit);
        return read(sql.toString(), args, InstanceIndex::storedInstance);
    }

    /** Keys only, for deletes and reconciliation; {@code study} and {@code series} may be null for "all". */
    public List<InstanceKey> keys(String study, String series) throws IOException {
        StringBuilder sql = new StringBuilder("SELECT study_uid, series_uid, sop_uid FROM instance");
        List<Object> args = new ArrayList<>();
        if (study != null) {
            sql.append(" WHERE study_uid=?");
            args.add(study);
            if (series != null) {
                sql.append(" AND series_uid=?");
                args.add(series);
            }
        }
        return read(sql.toString(), args, rs -> new InstanceKey(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    public Optional<BulkDataRef> bulk(InstanceKey k, String path) throws IOException {
        return read("SELECT offset, length FROM bulk WHERE study_uid=? AND series_uid=? AND sop_uid=? AND path=?",
                List.of(k.study(), k.series(), k.instance(), path),
                rs -> new BulkDataRef(rs.getLong(1), rs.getLong(2))).stream().findFirst();
    }

    /** Totals over the store, a study, or a series ({@code study}/{@code series} null for "all"). */
    public UsageTotals totals(String study, String series) throws IOException {
        StringBuilder where = new StringBuilder();
        List<Object> args = new ArrayList<>();
        if (study != null) {
            where.append(" WHERE study_uid=?");
            args.add(study);
            if (series != null) {
                where.append(" AND series_uid=?");
                args.add(series);
            }
        }
        return read("SELECT COUNT(DISTINCT study_uid), COUNT(DISTINCT study_uid || '/' || series_uid), COUNT(*),"
                        + " COALESCE(SUM(size),0), COALESCE(SUM(length(metadata) + length(attrs)),0) FROM instance" + where,
                args, rs -> new UsageTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .get(0);
    }

    /**
     * One page of matches, in UID order. The page's keys are found first from the narrowest table that can answer the
     * conditions (often an index alone), and only then are the page's rows read: a search that matches many rows but
     * returns few does not read, sort or compute the attributes of the rows it skips. The study and series attributes
     * of a page are read once per study and series, not once per hit, and all of it in one read transaction.
     */
    public List<SearchHit> search(SearchCriteria c) throws IOException {
        List<Object> args = new ArrayList<>();
        String keys = pageOfKeys(c, args);
        // The page's rows, joined to its keys; ordered again below (in Java: the page is small, and asking SQLite to
        // sort would copy every row's attributes into a temporary b-tree).
        // the default-attribute text when it is enough (and was written: older rows have none)
        String attrs = c.defaultAttributesOnly() ? "COALESCE(%1$s.defaults, %1$s.attrs)" : "%1$s.attrs";
        String sql = switch (c.level()) {
            case STUDY -> "SELECT st.study_uid, NULL, NULL, " + attrs.formatted("st") + ", st.series_count, st.instance_count,"
                    + " (SELECT group_concat(DISTINCT m.modality) FROM series m WHERE m.study_uid = st.study_uid)"
                    + " FROM (" + keys + ") p CROSS JOIN study st ON st.study_uid = p.study_uid";
            case SERIES -> "SELECT se.study_uid, se.series_uid, NULL, " + attrs.formatted("se") + ", 0, se.instance_count, NULL"
                    + " FROM (" + keys + ") p CROSS JOIN series se"
                    + " ON se.study_uid = p.study_uid AND se.series_uid = p.series_uid";
            case INSTANCE -> "SELECT i.study_uid, i.series_uid, i.sop_uid, " + attrs.formatted("i") + ", 0, 0, NULL"
                    + " FROM (" + keys + ") p CROSS JOIN instance i"
                    + " ON i.study_uid = p.study_uid AND i.series_uid = p.series_uid AND i.sop_uid = p.sop_uid";
        };
        return inReadTransaction(conn -> {
            List<SearchHit> hits = new ArrayList<>();
            LevelAttrs shared = new LevelAttrs(conn, c.defaultAttributesOnly());
            PreparedStatement ps = prepared(conn, sql);
            bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String study = rs.getString(1);
                    String series = rs.getString(2);
                    String levelAttrs = rs.getString(4);
                    String mods = rs.getString(7);
                    List<String> modalities = mods == null || mods.isEmpty() ? List.of() : Arrays.asList(mods.split(","));
                    hits.add(switch (c.level()) {
                        case STUDY -> new SearchHit(study, null, null, levelAttrs, null, null, rs.getLong(5), rs.getLong(6),
                                modalities);
                        case SERIES -> new SearchHit(study, series, null, shared.study(study), levelAttrs, null, 0,
                                rs.getLong(6), modalities);
                        case INSTANCE -> new SearchHit(study, series, rs.getString(3), shared.study(study),
                                shared.series(study, series), levelAttrs, 0, 0, modalities);
                    });
                }
            }
            hits.sort(HIT_ORDER);
            return hits;
        });
    }

    private static final Comparator<SearchHit> HIT_ORDER = Comparator
            .comparing(SearchHit::studyUid)
            .thenComparing(SearchHit::seriesUid, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(SearchHit::sopUid, Comparator.nullsFirst(Comparator.naturalOrder()));

    /**
     * The keys of one page of the level's rows that match, as SQL (its arguments added to {@code args}). The level's
     * own table is joined to its study (or series) only for conditions on their other columns.
     */
    private static String pageOfKeys(SearchCriteria c, List<Object> args) {
        SearchLevel level = c.level();
        boolean needStudy = false;
        boolean needSeries = false;
        boolean oneStudy = false;
        boolean instanceNumber = false;
        for (SearchCriteria.Condition cond : c.conditions()) {
            SearchCriteria.Field f = cond.field();
            needStudy |= level != SearchLevel.STUDY && f.level() == SearchLevel.STUDY && f != SearchCriteria.Field.STUDY_UID;
            needSeries |= level == SearchLevel.INSTANCE && f.level() == SearchLevel.SERIES
                    && f != SearchCriteria.Field.SERIES_UID;
            oneStudy |= f == SearchCriteria.Field.STUDY_UID && cond.match() == SearchCriteria.Match.EXACT;
            instanceNumber |= f == SearchCriteria.Field.INSTANCE_NUMBER && cond.match() == SearchCriteria.Match.EXACT;
        }
        // InstanceNumber within a study has its own index, which gives one or two rows but not in UID order; left to
        // itself SQLite prefers walking the whole study in key order to avoid sorting those few rows. A '+' keeps
        // the order by from being served by an index, so the InstanceNumber index is used and its rows sorted.
        boolean selectiveUnordered = oneStudy && instanceNumber;
        StringBuilder sql = new StringBuilder();
        String order;
        switch (level) {
            case STUDY -> {
                sql.append("SELECT st.study_uid FROM study st");
                order = "st.study_uid";
            }
            case SERIES -> {
                sql.append("SELECT se.study_uid, se.series_uid FROM series se");
                if (needStudy) {
                    sql.append(" JOIN study st ON st.study_uid = se.study_uid");
                }
                order = "se.study_uid, se.series_uid";
            }
            case INSTANCE -> {
                sql.append("SELECT i.study_uid, i.series_uid, i.sop_uid FROM instance i");
                if (needSeries) {
                    sql.append(" JOIN series se ON se.study_uid = i.study_uid AND se.series_uid = i.series_uid");
                }
                if (needStudy) {
                    sql.append(" JOIN study st ON st.study_uid = i.study_uid");
                }
                order = selectiveUnordered ? "+i.study_uid, +i.series_uid, +i.sop_uid" : "i.study_uid, i.series_uid, i.sop_uid";
            }
            default -> throw new IllegalStateException();
        }
        String glue = " WHERE ";
        for (SearchCriteria.Condition cond : c.conditions()) {
            sql.append(glue);
            glue = " AND ";
            appendCondition(sql, args, cond, columnOf(cond.field(), level));
        }
        sql.append(" ORDER BY ").append(order).append(" LIMIT ? OFFSET ?");
        args.add(c.limit());
        args.add(c.offset());
        return sql.toString();
    }

    /** The UIDs of the levels above are matched on the level's own table, so that no join is needed for them. */
    private static String columnOf(SearchCriteria.Field f, SearchLevel level) {
        String table = switch (level) {
            case STUDY -> "st.";
            case SERIES -> "se.";
            case INSTANCE -> "i.";
        };
        return switch (f) {
            case STUDY_UID -> table + "study_uid";
            case SERIES_UID -> level == SearchLevel.INSTANCE ? "i.series_uid" : f.column;
            default -> f.column;
        };
    }

    /** The study and series attributes of a page's hits, each read once. */
    private final class LevelAttrs {
        private final Connection conn;
        private final Map<String, String> studies = new HashMap<>();
        private final Map<String, String> series = new HashMap<>();
        private final String column;

        LevelAttrs(Connection conn, boolean defaultsOnly) {
            this.conn = conn;
            this.column = defaultsOnly ? "COALESCE(defaults, attrs)" : "attrs";
        }

        String study(String studyUid) throws SQLException {
            String attrs = studies.get(studyUid);
            if (attrs == null) {
                attrs = one("SELECT " + column + " FROM study WHERE study_uid=?", studyUid);
                studies.put(studyUid, attrs);
            }
            return attrs;
        }

        String series(String studyUid, String seriesUid) throws SQLException {
            String key = studyUid + '/' + seriesUid;
            String attrs = series.get(key);
            if (attrs == null) {
                attrs = one("SELECT " + column + " FROM series WHERE study_uid=? AND series_uid=?", studyUid, seriesUid);
                series.put(key, attrs);
            }
            return attrs;
        }

        /** The rows are written with their instance's, in one transaction, so a hit's study and series row exist. */
        private String one(String sql, Object... args) throws SQLException {
            PreparedStatement ps = prepared(conn, sql);
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("index inconsistent: no row for " + Arrays.toString(args));
                }
                return rs.getString(1);
            }
        }
    }

    private static void appendCondition(StringBuilder sql, List<Object> args, SearchCriteria.Condition cond,
            String col) {
        SearchCriteria.Field f = cond.field();
        boolean lowerCase = f == SearchCriteria.Field.PATIENT_NAME || f == SearchCriteria.Field.REFERRING_PHYSICIAN_NAME;
        List<String> values = cond.values();
        if (f == SearchCriteria.Field.MODALITIES_IN_STUDY) {
            sql.append("EXISTS (SELECT 1 FROM series m WHERE m.study_uid = st.study_uid AND m.modality IN (")
                    .append(placeholders(values.size())).append("))");
            args.addAll(values);
            return;
        }
        switch (cond.match()) {
            case EXACT -> {
                sql.append(col).append(" = ?");
                args.add(lowerCase ? lower(values.get(0)) : values.get(0));
            }
            case WILDCARD -> {
                sql.append(col).append(" GLOB ?");
                args.add(toGlob(lowerCase ? lower(values.get(0)) : values.get(0)));
            }
            case UID_LIST -> {
                sql.append(col).append(" IN (").append(placeholders(values.size())).append(")");
                args.addAll(values);
            }
            case RANGE -> {
                String from = values.get(0);
                String to = values.get(1);
                sql.append("(").append(col).append(" IS NOT NULL");
                if (from != null) {
                    sql.append(" AND ").append(col).append(" >= ?");
                    args.add(from);
                }
                if (to != null) {
                    sql.append(" AND ").append(col).append(" <= ?");
                    args.add(to);
                }
                sql.append(")");
            }
            case FUZZY_WORDS -> {
                String glue = "(";
                for (String word : values) {
                    sql.append(glue).append("st.patient_name_words LIKE ? ESCAPE '\\'");
                    glue = " AND ";
                    args.add("% " + word.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                            .replace("_", "\\_") + "%");
                }
                sql.append(values.isEmpty() ? "(1=1)" : ")");
            }
            default -> throw new IllegalStateException();
        }
    }

    /** DICOM '*' and '?' map to GLOB's; GLOB's own '[' must be escaped as a character class. */
    static String toGlob(String dicomPattern) {
        StringBuilder b = new StringBuilder();
        for (char ch : dicomPattern.toCharArray()) {
            switch (ch) {
                case '[' -> b.append("[[]");
                case ']' -> b.append("[]]");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    private static String placeholders(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    /** " word word ... " of a person name, split at component and group separators, for prefix matching. */
    static String nameWords(String pn) {
        if (pn == null || pn.isBlank()) {
            return null;
        }
        StringBuilder b = new StringBuilder(" ");
        for (String w : pn.toLowerCase(Locale.ROOT).split("[\\^=\\s,]+")) {
            if (!w.isEmpty()) {
                b.append(w).append(' ');
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static StoredInstance storedInstance(ResultSet rs) throws SQLException {
        return new StoredInstance(new InstanceKey(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9));
    }

    private <T> List<T> read(String sql, List<?> args, RowReader<T> reader) throws IOException {
        Connection c = takeReader();
        try {
            PreparedStatement ps = prepared(c, sql);
            bind(ps, args.toArray());
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            forget(c, sql);
            throw new IOException("index query failed: " + e.getMessage(), e);
        } finally {
            readers.add(c);
        }
    }

    private interface ReadWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Several queries on one reader that all see the same snapshot of the index. */
    private <T> T inReadTransaction(ReadWork<T> work) throws IOException {
        Connection c = takeReader();
        try {
            c.setAutoCommit(false);
            try {
                return work.run(c);
            } finally {
                c.rollback(); // nothing was written: ends the read transaction
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // which statement failed is not known here: start the connection's cache afresh
            forgetAll(c);
            throw new IOException("index query failed: " + e.getMessage(), e);
        } finally {
            readers.add(c);
        }
    }

    private Connection takeReader() throws IOException {
        try {
            return readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the index");
        }
    }

    private int update(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = prepared(c, sql);
        bind(ps, args);
        return ps.executeUpdate();
    }

    /** The connection's statement for {@code sql}, prepared on first use; the caller holds the connection. */
    private PreparedStatement prepared(Connection c, String sql) throws SQLException {
        Map<String, PreparedStatement> cache = statements.get(c);
        PreparedStatement ps = cache.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            cache.put(sql, ps);
        }
        return ps;
    }

    /** Drops a statement that failed, so that the next use starts from a fresh one. */
    private void forget(Connection c, String sql) {
        PreparedStatement ps = statements.get(c).remove(sql);
        if (ps != null) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // dropped anyway
            }
        }
    }

    private void forgetAll(Connection c) {
        Map<String, PreparedStatement> cache = statements.get(c);
        for (PreparedStatement ps : cache.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // dropped anyway
            }
        }
        cache.clear();
    }

    /**
     * Search SQL varies with the conditions (and the number of UIDs in a list), so the cache keeps the most recently
     * used statements only, closing the one it drops.
     */
    private static final class StatementCache extends LinkedHashMap<String, PreparedStatement> {
        private static final int MAX = 64;

        StatementCache() {
            super(16, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= MAX) {
                return false;
            }
            try {
                eldest.getValue().close();
            } catch (SQLException ignored) {
                // dropped anyway
            }
            return true;
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (a instanceof Long n) {
                ps.setLong(i + 1, n);
            } else {
                ps.setString(i + 1, a.toString());
            }
        }
    }

    private boolean exists(Connection c, InstanceKey k) throws SQLException {
        PreparedStatement ps = prepared(c, "SELECT 1 FROM instance WHERE study_uid=? AND series_uid=? AND sop_uid=?");
        bind(ps, k.study(), k.series(), k.instance());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    @Override
    public synchronized void close() {
        for (Map<String, PreparedStatement> cache : statements.values()) {
            for (PreparedStatement ps : cache.values()) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
            cache.clear();
        }
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        all.clear();
    }
}
