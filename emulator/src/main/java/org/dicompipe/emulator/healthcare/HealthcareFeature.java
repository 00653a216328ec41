package org.dicompipe.emulator.healthcare;

import com.google.api.services.healthcare.v1.model.Dataset;
import com.google.api.services.healthcare.v1.model.DicomStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.dicompipe.emulator.EmulatorContext;
import org.dicompipe.emulator.EmulatorFeature;
import org.dicompipe.emulator.healthcare.datasets.DatasetRepository;
import org.dicompipe.emulator.healthcare.db.Database;
import org.dicompipe.emulator.healthcare.db.Sql;
import org.dicompipe.emulator.healthcare.dicomstores.DicomStoreFields;
import org.dicompipe.emulator.healthcare.dicomstores.DicomStoreRepository;
import org.dicompipe.emulator.healthcare.dicomstores.StoreFolders;
import org.dicompipe.emulator.healthcare.operations.Operations;
import org.dicompipe.emulator.http.GoogleError;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local Cloud Healthcare API v1 resources at {@code /v1/*}: datasets, DICOM stores, long-running operations.
 * Everything below a store that this feature does not serve (DICOMweb, store custom methods) goes to the
 * {@link DicomStoreExtension}s other features register.
 *
 * <p>On disk, under {@code --data-dir}: {@code healthcare/index.db} (SQLite, WAL) and
 * {@code healthcare/stores/{key}/} per DICOM store (see {@link #storeDir}).
 */
public final class HealthcareFeature implements EmulatorFeature {

    private static final Logger LOG = LoggerFactory.getLogger(HealthcareFeature.class);

    private final List<DicomStoreExtension> extensions = new CopyOnWriteArrayList<>();
    /**
     * Stores found, by name: every DICOMweb request looks its store up, and reading the database each time cost more
     * than many of the requests themselves. Entries go when the store changes; see {@link #findStore} for the race
     * with a concurrent change.
     */
    private final Map<DicomStoreName, DicomStoreRepository.Row> storeCache = new ConcurrentHashMap<>();
    private final AtomicLong storeChanges = new AtomicLong();
    private Path root;
    private Database database;
    private DatasetRepository datasets;
    private DicomStoreRepository stores;
    private StoreFolders folders;
    private Operations operations;
    private long maxRequestBytes;

    @Override
    public void install(ServletContextHandler context, EmulatorContext env) throws Exception {
        root = env.config().dataDir().resolve("healthcare");
        Files.createDirectories(root);
        database = Database.open(root.resolve("index.db"));
        datasets = new DatasetRepository(database);
        stores = new DicomStoreRepository(database);
        folders = new StoreFolders(root);
        operations = new Operations(database, root.resolve("operation-logs"), env::baseUrl);
        maxRequestBytes = env.config().maxRequestBytes();
        ServletHolder holder = new ServletHolder("healthcare-v1", new HealthcareServlet(this));
        // initialised during server start, after every feature registered its extensions: the servlet's init
        // finishes deletions a crash interrupted, which needs those extensions
        holder.setInitOrder(1);
        context.addServlet(holder, "/v1/*");
        context.addServlet(new ServletHolder("operation-logs", new OperationLogsServlet(operations)),
                "/" + Operations.LOGS_PATH + "*");
    }

    /** Registers a handler for paths below a DICOM store; handlers are asked in registration order. */
    public void addExtension(DicomStoreExtension extension) {
        extensions.add(extension);
    }

    /** Called once a store's creation, patch or deletion is committed, before the request is answered. */
    void storeChanged(DicomStoreName name) {
        storeChanges.incrementAndGet();
        storeCache.remove(name);
    }

    /** The store as the API shows it, when it exists (and is not being deleted). */
    public Optional<DicomStore> getStore(DicomStoreName name) {
        // a copy: the cached model must not change with what a caller does to the one it gets
        return findStore(name).map(row -> row.store().clone());
    }

    /**
     * Creates a store as dicomStores.create does (also for later features, e.g. a deidentify destination).
     *
     * @param settings the client's DicomStore (labels, notification and stream configs); its name is ignored
     * @throws GoogleError INVALID_ARGUMENT for bad settings, NOT_FOUND without the dataset, ALREADY_EXISTS
     */
    public DicomStore createStore(DicomStoreName name, DicomStore settings) {
        DicomStore store = DicomStoreFields.apply(new DicomStore(), settings,
                java.util.EnumSet.allOf(DicomStoreFields.Path.class));
        store.setName(name.toString());
        DicomStoreFields.validate(store);
        DatasetName dataset = name.parentDataset();
        Sql.orInternal(() -> database.write(c -> {
            if (datasets.find(dataset).isEmpty()) {
                throw GoogleError.notFound("Dataset not found: " + dataset);
            }
            if (!stores.insert(c, name, store)) {
                throw GoogleError.alreadyExists("DICOM store already exists: " + name);
            }
            return null;
        }));
        storeChanged(name);
        return store;
    }

    public Optional<Dataset> getDataset(DatasetName name) {
        return Sql.orInternal(() -> datasets.find(name));
    }

    /**
     * The folder where the store's instances live, created if missing. Its name is the store's database key,
     * never client text. A store deleted and re-created under the same name gets a new, empty folder.
     *
     * @throws GoogleError NOT_FOUND when the store does not exist
     */
    public Path storeDir(DicomStoreName name) {
        DicomStoreRepository.Row row = findStore(name)
                .orElseThrow(() -> GoogleError.notFound("DICOM store not found: " + name));
        try {
            return folders.folder(row.key());
        } catch (IOException e) {
            throw GoogleError.internal("cannot create the folder of " + name + ": " + e.getMessage());
        }
    }

    /** Long-running operations: start them from store custom methods (import, export, deidentify...). */
    public Operations operations() {
        return operations;
    }

    /**
     * The index database ({@code healthcare/index.db}). Other features may create their own tables in it
     * (prefix them with the feature's name) or open their own file with {@link Database#open}.
     */
    public Database database() {
        return database;
    }

    /** Root of this feature's files: {@code {data-dir}/healthcare}. */
    public Path root() {
        return root;
    }

    long maxRequestBytes() {
        return maxRequestBytes;
    }

    List<DicomStoreExtension> extensions() {
        return extensions;
    }

    DatasetRepository datasets() {
        return datasets;
    }

    DicomStoreRepository stores() {
        return stores;
    }

    Optional<DicomStoreRepository.Row> findStore(DicomStoreName name) {
        DicomStoreRepository.Row cached = storeCache.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        long changesBefore = storeChanges.get();
        Optional<DicomStoreRepository.Row> row = Sql.orInternal(() -> stores.find(name));
        if (row.isPresent()) {
            storeCache.put(name, row.get());
            // A change committed while this read ran may have dropped the entry before it was put: a change counts
            // before it drops, so seeing the count move means the entry may be stale, and it goes again.
            if (storeChanges.get() != changesBefore) {
                storeCache.remove(name, row.get());
            }
        }
        return row;
    }

    /**
     * Deletes a store: it is marked DELETING first (from then on it is invisible), every extension drops what
     * it keeps, the folder goes, then the row. A crash in between is finished by {@link #reconcile}.
     */
    void deleteStore(DicomStoreName name) {
        long key = Sql.orInternal(() -> database.write(c -> stores.markDeleting(c, name)))
                .orElseThrow(() -> GoogleError.notFound("DICOM store not found: " + name));
        storeChanged(name);
        finishStoreDeletion(name, key);
    }

    void deleteDataset(DatasetName name) {
        boolean marked = Sql.orInternal(() -> database.write(c -> {
            if (!datasets.markDeleting(c, name)) {
                return false;
            }
            stores.markAllDeleting(c, name);
            operations.deleteAll(name, c);
            return true;
        }));
        if (!marked) {
            throw GoogleError.notFound("Dataset not found: " + name);
        }
        for (DicomStoreRepository.Row row : Sql.orInternal(() -> stores.deleting(name))) {
            storeChanged(row.name());
        }
        finishDatasetDeletion(name);
    }

    private void finishDatasetDeletion(DatasetName name) {
        for (DicomStoreRepository.Row row : Sql.orInternal(() -> stores.deleting(name))) {
            finishStoreDeletion(row.name(), row.key());
        }
        Sql.orInternal(() -> {
            datasets.remove(name);
            return null;
        });
    }

    private void finishStoreDeletion(DicomStoreName name, long key) {
        try {
            for (DicomStoreExtension extension : extensions) {
                extension.storeDeleted(name);
            }
            folders.remove(key);
        } catch (IOException e) {
            // the row stays DELETING; the next start tries again
            LOG.error("could not remove the data of DICOM store {}", name, e);
            throw GoogleError.internal("could not remove the data of " + name + ": " + e.getMessage());
        }
        Sql.orInternal(() -> {
            stores.remove(key);
            return null;
        });
    }

    /**
     * Finishes deletions a crash interrupted and removes folders no store owns. Runs once at start. A deletion
     * that fails again is logged and left DELETING (invisible to clients) for the next start, rather than
     * keeping the emulator from starting.
     */
    void reconcile() {
        List<DatasetName> pendingDatasets = new ArrayList<>(Sql.orInternal(() -> datasets.deleting()));
        for (DicomStoreRepository.Row row : Sql.orInternal(() -> stores.deleting(null))) {
            LOG.info("finishing the deletion of a DICOM store interrupted by a stop");
            try {
                finishStoreDeletion(row.name(), row.key());
            } catch (GoogleError e) {
                LOG.error("could not finish deleting a DICOM store; will retry at the next start: {}", e.getMessage());
            }
        }
        for (DatasetName dataset : pendingDatasets) {
            LOG.info("finishing the deletion of a dataset interrupted by a stop");
            try {
                finishDatasetDeletion(dataset);
            } catch (GoogleError e) {
                LOG.error("could not finish deleting a dataset; will retry at the next start: {}", e.getMessage());
            }
        }
        try {
            folders.reconcile(Sql.orInternal(() -> stores.allKeys()));
        } catch (IOException e) {
            LOG.warn("could not clean up the stores folder", e);
        }
    }

    @Override
    public void close() {
        if (operations != null) {
            operations.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
