// Probe waits until a Kafka cluster answers metadata through each listener
// kafka.sh started, using the kafka-clients jar of the very version under
// test (so a listener that Kafka's own client cannot use fails here, not in a
// Go test minutes later).
//
// Usage: java -cp 'probe:libs/*' Probe TIMEOUT_SECONDS BROKERS NAME=BOOTSTRAP [key=value ...] [-- NAME=BOOTSTRAP ...]
//
// The first check must see BROKERS live (unfenced) brokers; every later
// check only needs to get a DescribeCluster answer through its listener.
// The pseudo-setting kafkatui.require.ids=1,3 further requires those broker
// ids to be live and to answer a DescribeConfigs sent to them: a broker
// killed and restarted at once still looks live through its old
// registration until its session times out, so counting is not enough.
// Each check is retried until the shared deadline. Exit status 0 when all
// pass, 1 otherwise; one line per check on standard output.

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

public final class Probe {
    private static final String REQUIRE_IDS = "kafkatui.require.ids";

    private static final class Check {
        final String name;
        final Properties props = new Properties();
        final List<String> requireIds = new ArrayList<>();

        Check(String name) {
            this.name = name;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Probe TIMEOUT_SECONDS BROKERS NAME=BOOTSTRAP [key=value ...] [-- NAME=BOOTSTRAP ...]");
            System.exit(2);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[0]));
        int brokers = Integer.parseInt(args[1]);
        List<Check> checks = parse(args);
        for (int i = 0; i < checks.size(); i++) {
            if (!run(checks.get(i), i == 0 ? brokers : 1, deadline)) {
                System.exit(1);
            }
        }
    }

    private static List<Check> parse(String[] args) {
        List<Check> checks = new ArrayList<>();
        Check cur = null;
        for (int i = 2; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                cur = null;
                continue;
            }
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got " + a);
            }
            if (cur == null) {
                cur = new Check(a.substring(0, eq));
                cur.props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, a.substring(eq + 1));
                checks.add(cur);
            } else if (a.substring(0, eq).equals(REQUIRE_IDS)) {
                for (String id : a.substring(eq + 1).split(",")) {
                    if (!id.isEmpty()) {
                        cur.requireIds.add(id);
                    }
                }
            } else {
                cur.props.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        return checks;
    }

    // run retries one check until it sees want brokers or the deadline passes.
    private static boolean run(Check c, int want, long deadline) throws InterruptedException {
        c.props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "kafkatui-probe");
        c.props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        c.props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        c.props.putIfAbsent(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "200");
        c.props.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        String last = "no answer yet";
        try (Admin admin = Admin.create(c.props)) {
            while (System.nanoTime() < deadline) {
                try {
                    DescribeClusterResult r = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000));
                    Collection<Node> nodes = r.nodes().get();
                    Node controller = r.controller().get();
                    String id = r.clusterId().get();
                    Set<String> live = new HashSet<>();
                    for (Node n : nodes) {
                        live.add(n.idString());
                    }
                    String missing = missingIds(admin, c.requireIds, live);
                    if (missing != null) {
                        last = missing;
                    } else if (nodes.size() >= want) {
                        System.out.printf("%s: %d broker(s), controller %s, cluster id %s%n",
                                c.name, nodes.size(), controller == null ? "none" : controller.idString(), id);
                        return true;
                    }
                    last = nodes.size() + " of " + want + " brokers live";
                } catch (ExecutionException e) {
                    last = e.getCause().toString();
                }
                Thread.sleep(250);
            }
        }
        System.out.printf("%s: not ready before the deadline: %s%n", c.name, last);
        return false;
    }

    // missingIds says which required broker is not yet live and serving, or
    // returns null when all are.
    private static String missingIds(Admin admin, List<String> ids, Set<String> live) {
        for (String id : ids) {
            if (!live.contains(id)) {
                return "broker " + id + " not live yet";
            }
            try {
                admin.describeConfigs(
                        Collections.singleton(new ConfigResource(ConfigResource.Type.BROKER, id)),
                        new DescribeConfigsOptions().timeoutMs(3000)).all().get();
            } catch (ExecutionException e) {
                return "broker " + id + " does not answer yet: " + e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return null;
    }
}
