// TxnProducer writes the transactions TestRealTransactions compares
// kafkatui's consume with Kafka's console consumer on, with Kafka's own
// Java producer (compiled by the test against the cluster's jars):
//
//   partition 0: committed c0 c1 c2 (offsets 0-2), commit marker (3),
//                aborted a0..a3 (4-7), abort marker (8),
//                committed c3 c4 (9-10), commit marker (11),
//                open o0 o1 o2 (12-14), left open: the process halts
//                without committing or aborting
//   partition 1: committed c0 c1 (0-1), commit marker (2),
//                aborted a0 a1 (3-4), abort marker (5): ends on a marker
//
// Usage: java -cp <dir>:<kafka libs>/* TxnProducer BOOTSTRAP TOPIC
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public class TxnProducer {
    static KafkaProducer<String, String> producer(String bootstrap, String txnId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txnId);
        // The open transaction must outlive the test's comparisons; the
        // broker's transaction.max.timeout.ms is 15 minutes by default.
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "600000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        KafkaProducer<String, String> pr = new KafkaProducer<>(p);
        pr.initTransactions();
        return pr;
    }

    static void send(KafkaProducer<String, String> pr, String topic, int partition, String... values) throws Exception {
        for (String v : values) {
            pr.send(new ProducerRecord<>(topic, partition, v, v)).get();
        }
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0], topic = args[1];
        KafkaProducer<String, String> a = producer(bootstrap, topic + "-a");
        a.beginTransaction();
        send(a, topic, 0, "c0", "c1", "c2");
        send(a, topic, 1, "c0", "c1");
        a.commitTransaction();
        a.beginTransaction();
        send(a, topic, 0, "a0", "a1", "a2", "a3");
        send(a, topic, 1, "a0", "a1");
        a.abortTransaction();
        a.beginTransaction();
        send(a, topic, 0, "c3", "c4");
        a.commitTransaction();
        a.close();

        KafkaProducer<String, String> b = producer(bootstrap, topic + "-b");
        b.beginTransaction();
        send(b, topic, 0, "o0", "o1", "o2");
        b.flush();
        System.out.println("open");
        System.out.flush();
        // Halt, not close: close would abort the open transaction.
        Runtime.getRuntime().halt(0);
    }
}
