// Readiness probe for the local Kafka broker started by scripts/services.sh.
// Compiled at install time into the cache (never committed as a .class):
//   javac -cp '<libs>/*' -d <cache>/kafka-<ver>/probe KafkaReady.java
// Usage: java -cp '<libs>/*:<probe>' KafkaReady <bootstrap> <timeoutMs>
// Exits 0 once a metadata round trip (describeCluster + listTopics) succeeds.
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

public final class KafkaReady {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    long deadline = System.currentTimeMillis() + Long.parseLong(args.length > 1 ? args[1] : "60000");
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
    Throwable last = null;
    try (Admin admin = Admin.create(p)) {
      while (System.currentTimeMillis() < deadline) {
        try {
          int nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
          admin.listTopics().names().get(5, TimeUnit.SECONDS);
          if (nodes > 0) {
            System.out.println("kafka ready: " + nodes + " broker(s) at " + bootstrap);
            return;
          }
        } catch (Exception e) {
          last = e;
        }
        Thread.sleep(250);
      }
    }
    System.err.println("kafka not ready at " + bootstrap + ": " + last);
    System.exit(1);
  }
}
