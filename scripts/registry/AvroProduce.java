// AvroProduce writes Avro records in the Confluent wire format the way a Java
// service does without Confluent's serializer: plain Apache Avro for the
// payload and the 5-byte header (magic 0, the schema id as a big-endian int)
// written by hand. The integration suite reads them back with kafkatui, so
// what it decodes was framed and encoded by a real Java producer against a
// real registry (Apicurio's Confluent-compatible API), not by our own code.
//
// Usage: java -cp 'produce:avro.jar:kafka-libs/*' AvroProduce BOOTSTRAP REGISTRY_URL TOPIC COUNT
//
// It registers SCHEMA under TOPIC-value (POST /subjects/{subject}/versions),
// creates TOPIC with one partition if it is missing (so records keep their
// index order), and writes COUNT records with key "order-<i>" and a value
// that follows from i alone (see value()), so a reader can check every field.
// On success it prints "schema_id=N records=COUNT" on standard output.

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public final class AvroProduce {
    // Ten fields: every primitive the decoder must handle in a record, an
    // enum, three logical types and a nullable union.
    static final String SCHEMA = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.kafkatui.test\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"long\"},"
            + "{\"name\":\"name\",\"type\":\"string\"},"
            + "{\"name\":\"amount\",\"type\":\"double\"},"
            + "{\"name\":\"count\",\"type\":\"int\"},"
            + "{\"name\":\"active\",\"type\":\"boolean\"},"
            + "{\"name\":\"status\",\"type\":{\"type\":\"enum\",\"name\":\"Status\",\"symbols\":[\"NEW\",\"PAID\",\"SHIPPED\"]}},"
            + "{\"name\":\"created\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}},"
            + "{\"name\":\"day\",\"type\":{\"type\":\"int\",\"logicalType\":\"date\"}},"
            + "{\"name\":\"price\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":10,\"scale\":2}},"
            + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}"
            + "]}";

    static final String[] STATUSES = {"NEW", "PAID", "SHIPPED"};

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: AvroProduce BOOTSTRAP REGISTRY_URL TOPIC COUNT");
            System.exit(2);
        }
        String bootstrap = args[0], registry = args[1], topic = args[2];
        int count = Integer.parseInt(args[3]);
        Schema schema = new Schema.Parser().parse(SCHEMA);
        int id = register(registry, topic + "-value", SCHEMA);
        createTopic(bootstrap, topic);

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(schema);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++) {
                byte[] key = ("order-" + i).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, frame(id, writer, value(schema, i))));
            }
            producer.flush();
        }
        System.out.println("schema_id=" + id + " records=" + count);
    }

    // value is record i's value; readers compute the same from i:
    // id i, name "order-i", amount i*1.5, count i%7, active i even,
    // status NEW/PAID/SHIPPED by i%3, created 1700000000000+i*1000 ms,
    // day 19700+i, price i.25 (unscaled i*100+25, scale 2),
    // note null when i%4==0 else "note i".
    static GenericRecord value(Schema schema, int i) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("id", (long) i);
        r.put("name", "order-" + i);
        r.put("amount", i * 1.5);
        r.put("count", i % 7);
        r.put("active", i % 2 == 0);
        r.put("status", new GenericData.EnumSymbol(schema.getField("status").schema(), STATUSES[i % 3]));
        r.put("created", 1700000000000L + i * 1000L);
        r.put("day", 19700 + i);
        BigInteger unscaled = new BigDecimal(i + ".25").unscaledValue();
        r.put("price", ByteBuffer.wrap(unscaled.toByteArray()));
        r.put("note", i % 4 == 0 ? null : "note " + i);
        return r;
    }

    // frame is the Confluent wire format: magic byte 0, the schema id as a
    // 4-byte big-endian int, then the Avro binary encoding.
    static byte[] frame(int id, GenericDatumWriter<GenericRecord> writer, GenericRecord r) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(r, enc);
        enc.flush();
        return out.toByteArray();
    }

    // register posts the schema to the Confluent-compatible API and returns
    // the id the registry gave it.
    static int register(String registry, String subject, String schema) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String body = json.writeValueAsString(java.util.Map.of("schemaType", "AVRO", "schema", schema));
        String url = registry.replaceAll("/+$", "") + "/subjects/"
                + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions";
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> resp = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() / 100 != 2) {
            throw new IllegalStateException("registering " + subject + " at " + url + ": HTTP "
                    + resp.statusCode() + ": " + resp.body());
        }
        JsonNode id = json.readTree(resp.body()).get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new IllegalStateException("registering " + subject + ": no id in " + resp.body());
        }
        return id.intValue();
    }

    static void createTopic(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
