package org.dicompipe.bench.dicomstore;

/**
 * The same comparison as {@link DicomStoreBenchmark}, but route and client calls alternate in rounds inside one JVM
 * and one emulator, so that load from other processes (a busy shared machine) hits both sides alike. Prints the
 * component's overhead in percent for each method.
 *
 * <pre>  java -cp bench/dicomstore/target/dicomstore-benchmarks.jar org.dicompipe.bench.dicomstore.InterleavedOverhead [rounds]</pre>
 */
public final class InterleavedOverhead {

    private InterleavedOverhead() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        DicomStoreBenchmark bench = new DicomStoreBenchmark();
        bench.storedInstances = 50;
        bench.start();
        try {
            DicomStoreBenchmark.NextInstance next = new DicomStoreBenchmark.NextInstance();
            for (int i = 0; i < 30; i++) {
                bench.searchForInstancesRoute();
                bench.searchForInstancesClient();
                next.make(bench);
                bench.storeInstancesRoute(next);
                next.make(bench);
                bench.storeInstancesClient(next);
            }
            long searchRoute = 0;
            long searchClient = 0;
            long storeRoute = 0;
            long storeClient = 0;
            int perRound = 10;
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < perRound; i++) {
                    // which side goes first alternates, so neither always follows the other's garbage or cache state
                    boolean routeFirst = (i & 1) == 0;
                    for (int side = 0; side < 2; side++) {
                        boolean route = (side == 0) == routeFirst;
                        long t0 = System.nanoTime();
                        if (route) {
                            bench.searchForInstancesRoute();
                            searchRoute += System.nanoTime() - t0;
                        } else {
                            bench.searchForInstancesClient();
                            searchClient += System.nanoTime() - t0;
                        }
                        next.make(bench);
                        t0 = System.nanoTime();
                        if (route) {
                            bench.storeInstancesRoute(next);
                            storeRoute += System.nanoTime() - t0;
                        } else {
                            bench.storeInstancesClient(next);
                            storeClient += System.nanoTime() - t0;
                        }
                    }
                }
            }
            int calls = rounds * perRound;
            report("searchForInstances", searchRoute, searchClient, calls);
            report("storeInstances", storeRoute, storeClient, calls);
        } finally {
            bench.stop();
        }
    }

    private static void report(String method, long route, long client, int calls) {
        System.out.printf("%-20s route %8.2f ms/op  client %8.2f ms/op  overhead %+6.1f%%%n", method,
                route / 1e6 / calls, client / 1e6 / calls, 100.0 * (route - client) / client);
    }
}
