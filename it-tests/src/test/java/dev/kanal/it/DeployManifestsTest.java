package dev.kanal.it;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigResolver;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import dev.kanal.server.config.KanalSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The files under {@code deploy/} against what the server really reads: the environment variables
 * they set are ones it knows, the ports they open and probe are the ones it listens on, and the
 * Kubernetes objects refer to each other by the names and labels they carry. Nothing is started.
 */
class DeployManifestsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern ENV_SUBSTITUTION = Pattern.compile("\\$\\{\\?([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern CONFIG_FILE = Pattern.compile("-Dconfig\\.file=(\\S+)");
  /** Kubernetes fills these in at run time; the checks need values of the right shape. */
  private static final String POD_IP = "10.1.2.3";
  private static final Map<String, String> SECRET_STAND_INS =
      Map.of("KANAL_DB_URL", "jdbc:postgresql://postgres:5432/kanal");

  private static Path root;
  private static Set<String> serverEnv;
  private static List<String> dockerfile;
  private static List<JsonNode> kubernetes;
  private static JsonNode compose;

  @BeforeAll
  static void load() throws IOException {
    root = repositoryRoot();
    serverEnv = envNamesTheServerReads();
    dockerfile = finalStage(instructions(root.resolve("deploy/Dockerfile")));
    kubernetes = kubernetesObjects();
    compose = YAML.readTree(root.resolve("deploy/docker-compose.yml").toFile());
  }

  // ---------------------------------------------------------------------------------------------
  // Environment and config

  @Test
  void everyEnvironmentVariableSetIsOneTheServerReads() {
    List<String> unknown = new ArrayList<>();
    for (String name : imageEnv().keySet()) {
      if (!serverEnv.contains(name)) unknown.add("Dockerfile ENV " + name);
    }
    for (JsonNode env : container().path("env")) {
      String name = env.path("name").asText();
      if (!serverEnv.contains(name)) unknown.add("Deployment env " + name);
    }
    composeNodes().forEach((service, node) -> node.path("environment").fieldNames().forEachRemaining(name -> {
      if (!serverEnv.contains(name)) unknown.add("compose " + service + " " + name);
    }));
    assertEquals(List.of(), unknown, "variables no reference.conf or kanal-pekko.conf reads (${?NAME})");
  }

  @Test
  void secretsComeFromOutsideTheFiles() {
    for (String name : List.of("KANAL_JWT_SECRET", "KANAL_DB_URL", "KANAL_DB_USER", "KANAL_DB_PASSWORD")) {
      JsonNode env = deploymentEnvEntry(name);
      assertTrue(env.path("valueFrom").has("secretKeyRef"), "Deployment " + name + " comes from a Secret: " + env);
    }
    composeNodes().forEach((service, node) -> assertTrue(
        node.path("environment").path("KANAL_JWT_SECRET").asText().startsWith("${KANAL_JWT_SECRET:?"),
        "compose " + service + " takes KANAL_JWT_SECRET from the caller's environment, required"));
  }

  @Test
  void deploymentEnvValuesAreStrings() {
    // Kubernetes refuses a number or a boolean as an env value: 2 must be written "2".
    for (JsonNode env : container().path("env")) {
      if (env.has("value")) assertTrue(env.get("value").isTextual(), "env value must be a string: " + env);
    }
  }

  @Test
  void deploymentConfigIsOneTheServerAccepts() {
    Config config = deploymentConfig();
    assertDoesNotThrow(() -> KanalSettings.from(config));
    assertEquals("bootstrap", config.getString("kanal.cluster.formation"));
    assertEquals("kubernetes-api", config.getString("kanal.cluster.bootstrap.discovery-method"));

    String serviceName = config.getString("kanal.cluster.bootstrap.service-name");
    assertEquals(podLabels().get("app"), serviceName, "KANAL_SERVICE_NAME is the pods' app label");
    String selector =
        String.format(config.getString("pekko.discovery.kubernetes-api.pod-label-selector"), serviceName);
    assertSelectsPods(labelSelector(selector), "Kubernetes API discovery (" + selector + ")");

    int replicas = one("Deployment").at("/spec/replicas").asInt();
    int required = config.getInt("kanal.cluster.bootstrap.required-contact-points");
    assertTrue(required > replicas / 2 && required <= replicas,
        "required-contact-points " + required + " must be a majority of " + replicas + " replicas and no more");
  }

  // ---------------------------------------------------------------------------------------------
  // Kubernetes

  @Test
  void kustomizationListsEveryManifest() throws IOException {
    Path dir = root.resolve("deploy/kubernetes");
    Set<String> listed = new TreeSet<>();
    YAML.readTree(dir.resolve("kustomization.yaml").toFile()).path("resources").forEach(r -> listed.add(r.asText()));
    Set<String> present = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml"))
          .forEach(present::add);
    }
    assertEquals(present, listed);
  }

  @Test
  void containerPortsAreTheOnesTheServerListensOn() {
    Config config = deploymentConfig();
    assertEquals(config.getInt("kanal.http.port"), containerPort("http"), "port http");
    assertEquals(config.getInt("kanal.cluster.port"), containerPort("remoting"), "port remoting");
    assertEquals(managementPort(config), containerPort("management"), "port management");
  }

  @Test
  void probesHitTheHealthEndpointsOnTheHttpPort() {
    JsonNode c = container();
    assertEquals("/health/ready", c.at("/readinessProbe/httpGet/path").asText());
    assertEquals("http", c.at("/readinessProbe/httpGet/port").asText());
    assertEquals("/health/live", c.at("/livenessProbe/httpGet/path").asText());
    assertEquals("http", c.at("/livenessProbe/httpGet/port").asText());
  }

  @Test
  void terminationGraceOutlastsTheDrain() {
    long drain = deploymentConfig().getDuration("pekko.coordinated-shutdown.phases.service-requests-done.timeout").toSeconds();
    long grace = podSpec().path("terminationGracePeriodSeconds").asLong(30);
    assertTrue(grace > drain, "terminationGracePeriodSeconds " + grace + " must exceed the " + drain + " s drain");
  }

  @Test
  void podsRunAsTheImagesNonRootUser() {
    Matcher uid = Pattern.compile("--uid (\\d+)").matcher(String.join("\n", dockerfile));
    assertTrue(uid.find(), "the Dockerfile creates its user with --uid");
    JsonNode security = podSpec().path("securityContext");
    assertTrue(security.path("runAsNonRoot").asBoolean(), "runAsNonRoot");
    assertEquals(Integer.parseInt(uid.group(1)), security.path("runAsUser").asInt(), "runAsUser is the image's user");
  }

  @Test
  void servicesAndBudgetSelectThePods() {
    JsonNode deployment = one("Deployment");
    assertSelectsPods(fields(deployment.at("/spec/selector/matchLabels")), "the Deployment's selector");
    JsonNode pdb = one("PodDisruptionBudget");
    assertSelectsPods(fields(pdb.at("/spec/selector/matchLabels")), "the PodDisruptionBudget");
    assertEquals(1, pdb.at("/spec/maxUnavailable").asInt());

    JsonNode service = clientService();
    assertEquals("ClusterIP", service.at("/spec/type").asText("ClusterIP"));
    assertSelectsPods(fields(service.at("/spec/selector")), "Service " + service.at("/metadata/name").asText());
    JsonNode port = service.at("/spec/ports/0");
    assertEquals(containerPort("http"), targetPort(port), "the client Service forwards to the http port");
  }

  @Test
  void headlessServiceReachesManagementOnNotReadyPods() {
    JsonNode headless = kubernetes.stream()
        .filter(o -> o.path("kind").asText().equals("Service") && o.at("/spec/clusterIP").asText().equals("None"))
        .findFirst()
        .orElseGet(() -> fail("no headless Service (clusterIP: None)"));
    assertTrue(headless.at("/spec/publishNotReadyAddresses").asBoolean(),
        "bootstrapping pods are not ready yet and must still be listed");
    assertSelectsPods(fields(headless.at("/spec/selector")), "the headless Service");
    JsonNode port = headless.at("/spec/ports/0");
    assertEquals(containerPort("management"), targetPort(port), "the headless Service targets management");
    assertEquals(managementPort(deploymentConfig()), port.path("port").asInt(), "the headless Service's port");
  }

  @Test
  void podsMayListEachOther() {
    String account = podSpec().path("serviceAccountName").asText();
    assertFalse(account.isEmpty(), "the Deployment names its serviceAccountName");
    assertEquals(account, one("ServiceAccount").at("/metadata/name").asText());

    JsonNode binding = one("RoleBinding");
    assertTrue(
        toList(binding.path("subjects")).stream()
            .anyMatch(s -> s.path("kind").asText().equals("ServiceAccount") && s.path("name").asText().equals(account)),
        "the RoleBinding binds ServiceAccount " + account);
    assertEquals("Role", binding.at("/roleRef/kind").asText());
    JsonNode role = one("Role");
    assertEquals(role.at("/metadata/name").asText(), binding.at("/roleRef/name").asText(), "the RoleBinding's roleRef");
    assertTrue(
        toList(role.path("rules")).stream().anyMatch(rule -> texts(rule.path("apiGroups")).contains("")
            && texts(rule.path("resources")).contains("pods")
            && texts(rule.path("verbs")).contains("list")),
        "the Role grants list on pods");
  }

  // ---------------------------------------------------------------------------------------------
  // Dockerfile and compose

  @Test
  void imageExposesTheServersPortsAndChecksReadiness() {
    Config config = effective("", imageEnv());
    Set<Integer> exposed = new TreeSet<>();
    for (String instruction : dockerfile) {
      if (keyword(instruction).equals("EXPOSE")) {
        for (String port : arguments(instruction).split("\\s+")) exposed.add(Integer.parseInt(port.replace("/tcp", "")));
      }
    }
    assertEquals(
        new TreeSet<>(List.of(config.getInt("kanal.http.port"), config.getInt("kanal.cluster.port"), managementPort(config))),
        exposed);
    assertTrue(dockerfile.stream().anyMatch(i -> keyword(i).equals("HEALTHCHECK") && i.contains("/health/ready")),
        "a HEALTHCHECK on /health/ready");
    String user = dockerfile.stream().filter(i -> keyword(i).equals("USER")).reduce((a, b) -> b)
        .map(DeployManifestsTest::arguments).orElse("root");
    assertFalse(user.equals("root") || user.startsWith("0"), "the image runs as a non-root user, not " + user);
  }

  @Test
  void composeRunsThreeNodesThatFindEachOther() {
    Map<String, JsonNode> nodes = composeNodes();
    assertEquals(3, nodes.size(), "Kanal services: " + nodes.keySet());
    JsonNode services = compose.path("services");
    Set<Integer> hostPorts = new TreeSet<>();
    nodes.forEach((name, node) -> {
      assertEquals(root, root.resolve("deploy").resolve(node.at("/build/context").asText()).normalize(),
          name + " builds with the repository as its context");
      Config config = effective("", composeEnv(node));
      assertDoesNotThrow(() -> KanalSettings.from(config), name);
      assertEquals(name, config.getString("kanal.cluster.host"), name + "'s KANAL_CLUSTER_HOST is its service name");

      String seeds = composeEnv(node).get("KANAL_SEED_NODES");
      assertNotNull(seeds, name + " sets KANAL_SEED_NODES");
      for (String seed : seeds.split(",")) {
        String[] hostPort = seed.trim().split(":");
        assertEquals(2, hostPort.length, name + "'s seed " + seed + " is host:port");
        JsonNode seedNode = nodes.get(hostPort[0]);
        assertNotNull(seedNode, name + "'s seed " + seed + " is a Kanal service");
        int seedClusterPort = effective("", composeEnv(seedNode)).getInt("kanal.cluster.port");
        assertEquals(seedClusterPort, Integer.parseInt(hostPort[1]), name + "'s seed " + seed + " uses its cluster port");
      }

      String db = config.getString("kanal.store.url");
      Matcher dbHost = Pattern.compile("^jdbc:postgresql://([^:/]+)").matcher(db);
      assertTrue(dbHost.find(), name + " uses PostgreSQL, not " + db);
      JsonNode dependsOn = node.path("depends_on").path(dbHost.group(1));
      assertEquals("service_healthy", dependsOn.path("condition").asText(), name + " waits for a healthy " + dbHost.group(1));
      assertTrue(services.path(dbHost.group(1)).has("healthcheck"), dbHost.group(1) + " has a healthcheck");

      List<JsonNode> ports = toList(node.path("ports"));
      assertEquals(1, ports.size(), name + " publishes its http port");
      String[] mapping = ports.get(0).asText().split(":");
      assertEquals(config.getInt("kanal.http.port"), Integer.parseInt(mapping[mapping.length - 1]), name + " publishes http");
      assertTrue(hostPorts.add(Integer.parseInt(mapping[mapping.length - 2])), name + "'s host port is its own");
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The server's config, as a node would load it

  /**
   * What a node started with {@code env} and a user file holding {@code userFile} loads: the layers
   * of {@code KanalConfig}, resolved against {@code env} instead of this process's environment.
   */
  private static Config effective(String userFile, Map<String, String> env) {
    ConfigResolveOptions options =
        ConfigResolveOptions.defaults().setUseSystemEnvironment(false).appendResolver(new EnvResolver(env));
    return ConfigFactory.parseString(userFile)
        .withFallback(ConfigFactory.parseResources("kanal-pekko.conf"))
        .withFallback(ConfigFactory.defaultReferenceUnresolved())
        .resolve(options);
  }

  private record EnvResolver(Map<String, String> env) implements ConfigResolver {
    @Override
    public ConfigValue lookup(String path) {
      String value = env.get(path);
      return value == null ? null : ConfigValueFactory.fromAnyRef(value, "env " + path);
    }

    @Override
    public ConfigResolver withFallback(ConfigResolver fallback) {
      throw new UnsupportedOperationException("the environment is the only resolver");
    }
  }

  private static int managementPort(Config config) {
    assertTrue(config.hasPath("kanal.cluster.management.port"), "reference.conf has no kanal.cluster.management.port");
    return config.getInt("kanal.cluster.management.port");
  }

  private static Set<String> envNamesTheServerReads() throws IOException {
    ClassLoader loader = DeployManifestsTest.class.getClassLoader();
    List<URL> files = new ArrayList<>(Collections.list(loader.getResources("reference.conf")));
    URL pekkoDefaults = loader.getResource("kanal-pekko.conf");
    assertTrue(pekkoDefaults != null, "kanal-pekko.conf is not on the test classpath");
    files.add(pekkoDefaults);
    Set<String> names = new TreeSet<>(Set.of("JAVA_TOOL_OPTIONS"));
    for (URL file : files) {
      try (InputStream in = file.openStream()) {
        Matcher m = ENV_SUBSTITUTION.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        while (m.find()) names.add(m.group(1));
      }
    }
    assertTrue(names.contains("KANAL_PORT"), "Kanal's reference.conf is not on the test classpath");
    return names;
  }

  // ---------------------------------------------------------------------------------------------
  // Kubernetes objects

  private static List<JsonNode> kubernetesObjects() throws IOException {
    Path dir = root.resolve("deploy/kubernetes");
    List<JsonNode> objects = new ArrayList<>();
    for (JsonNode resource : YAML.readTree(dir.resolve("kustomization.yaml").toFile()).path("resources")) {
      try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(dir.resolve(resource.asText()).toFile())) {
        while (docs.hasNext()) {
          JsonNode doc = docs.next();
          if (doc != null && !doc.isEmpty()) objects.add(doc);
        }
      }
    }
    return objects;
  }

  private static JsonNode one(String kind) {
    List<JsonNode> found = kubernetes.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    assertEquals(1, found.size(), "objects of kind " + kind);
    return found.get(0);
  }

  private static JsonNode clientService() {
    List<JsonNode> found = kubernetes.stream()
        .filter(o -> o.path("kind").asText().equals("Service") && !o.at("/spec/clusterIP").asText().equals("None"))
        .toList();
    assertEquals(1, found.size(), "Services with a cluster IP");
    return found.get(0);
  }

  private static JsonNode podSpec() {
    return one("Deployment").at("/spec/template/spec");
  }

  private static Map<String, String> podLabels() {
    return fields(one("Deployment").at("/spec/template/metadata/labels"));
  }

  private static JsonNode container() {
    JsonNode containers = podSpec().path("containers");
    assertEquals(1, containers.size(), "containers in the pod");
    return containers.get(0);
  }

  private static int containerPort(String name) {
    for (JsonNode port : container().path("ports")) {
      if (port.path("name").asText().equals(name)) return port.path("containerPort").asInt();
    }
    return fail("no container port named " + name);
  }

  /** A Service port's targetPort as a number, looking a port name up in the container. */
  private static int targetPort(JsonNode servicePort) {
    JsonNode target = servicePort.path("targetPort");
    return target.isInt() ? target.asInt() : containerPort(target.asText());
  }

  private static JsonNode deploymentEnvEntry(String name) {
    for (JsonNode env : container().path("env")) {
      if (env.path("name").asText().equals(name)) return env;
    }
    return fail("the Deployment does not set " + name);
  }

  /** The pod's environment: the image's, then the Deployment's, with stand-ins for what Kubernetes fills in. */
  private static Map<String, String> deploymentEnv() {
    Map<String, String> env = new LinkedHashMap<>(imageEnv());
    for (JsonNode entry : container().path("env")) {
      String name = entry.path("name").asText();
      JsonNode from = entry.path("valueFrom");
      if (entry.has("value")) {
        env.put(name, entry.get("value").asText());
      } else if (from.at("/fieldRef/fieldPath").asText().equals("status.podIP")) {
        env.put(name, POD_IP);
      } else if (from.has("secretKeyRef")) {
        env.put(name, SECRET_STAND_INS.getOrDefault(name, "from-a-secret"));
      } else {
        fail("env " + name + ": no value this test knows how to stand in for: " + entry);
      }
    }
    return env;
  }

  /** The config a pod loads: the ConfigMap file JAVA_TOOL_OPTIONS names, and the pod's environment. */
  private static Config deploymentConfig() {
    Map<String, String> env = deploymentEnv();
    Matcher m = CONFIG_FILE.matcher(env.getOrDefault("JAVA_TOOL_OPTIONS", ""));
    assertTrue(m.find(), "JAVA_TOOL_OPTIONS passes -Dconfig.file");
    Path file = Path.of(m.group(1));
    JsonNode mount = toList(container().path("volumeMounts")).stream()
        .filter(v -> Path.of(v.path("mountPath").asText()).equals(file.getParent()))
        .findFirst()
        .orElseGet(() -> fail("no volume mounted at " + file.getParent()));
    JsonNode volume = toList(podSpec().path("volumes")).stream()
        .filter(v -> v.path("name").asText().equals(mount.path("name").asText()))
        .findFirst()
        .orElseGet(() -> fail("no volume " + mount.path("name").asText()));
    String configMap = volume.at("/configMap/name").asText();
    JsonNode data = kubernetes.stream()
        .filter(o -> o.path("kind").asText().equals("ConfigMap") && o.at("/metadata/name").asText().equals(configMap))
        .findFirst()
        .orElseGet(() -> fail("no ConfigMap " + configMap))
        .path("data")
        .path(file.getFileName().toString());
    assertTrue(data.isTextual(), "ConfigMap " + configMap + " holds " + file.getFileName());
    return effective(data.asText(), env);
  }

  private static void assertSelectsPods(Map<String, String> selector, String what) {
    Map<String, String> labels = podLabels();
    assertFalse(selector.isEmpty(), what + " selects nothing");
    assertTrue(labels.entrySet().containsAll(selector.entrySet()), what + " selects " + selector + ", the pods carry " + labels);
  }

  private static Map<String, String> labelSelector(String selector) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String term : selector.split(",")) {
      String[] kv = term.split("=", 2);
      assertEquals(2, kv.length, "an equality selector: " + selector);
      labels.put(kv[0].trim(), kv[1].trim());
    }
    return labels;
  }

  // ---------------------------------------------------------------------------------------------
  // Dockerfile and compose

  /** Instructions with their continuation lines joined; comments and blank lines dropped. */
  private static List<String> instructions(Path dockerfile) throws IOException {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(dockerfile)) {
      String trimmed = line.trim();
      if (trimmed.startsWith("#") || trimmed.isEmpty()) continue;
      boolean continued = trimmed.endsWith("\\");
      current.append(continued ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
      if (!continued) {
        instructions.add(current.toString().trim());
        current.setLength(0);
      }
    }
    return instructions;
  }

  /** The runtime image: the instructions after the last FROM. */
  private static List<String> finalStage(List<String> instructions) {
    int from = -1;
    for (int i = 0; i < instructions.size(); i++) {
      if (keyword(instructions.get(i)).equals("FROM")) from = i;
    }
    assertTrue(from > 0, "a multi-stage Dockerfile");
    return instructions.subList(from, instructions.size());
  }

  private static String keyword(String instruction) {
    return instruction.split("\\s+", 2)[0].toUpperCase();
  }

  private static String arguments(String instruction) {
    String[] parts = instruction.split("\\s+", 2);
    return parts.length < 2 ? "" : parts[1];
  }

  private static Map<String, String> imageEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String instruction : dockerfile) {
      if (!keyword(instruction).equals("ENV")) continue;
      for (String pair : arguments(instruction).split("\\s+")) {
        String[] kv = pair.split("=", 2);
        assertEquals(2, kv.length, "ENV NAME=VALUE: " + instruction);
        env.put(kv[0], kv[1]);
      }
    }
    return env;
  }

  /** Compose services built from deploy/Dockerfile, by name. */
  private static Map<String, JsonNode> composeNodes() {
    Map<String, JsonNode> nodes = new LinkedHashMap<>();
    compose.path("services").fields().forEachRemaining(e -> {
      if (e.getValue().at("/build/dockerfile").asText().equals("deploy/Dockerfile")) nodes.put(e.getKey(), e.getValue());
    });
    return nodes;
  }

  private static Map<String, String> composeEnv(JsonNode node) {
    Map<String, String> env = new LinkedHashMap<>(imageEnv());
    assertTrue(node.path("environment").isObject(), "environment as a map");
    node.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  // ---------------------------------------------------------------------------------------------

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("deploy/Dockerfile"))) return dir;
    }
    return fail("no deploy/Dockerfile above " + Path.of("").toAbsolutePath());
  }

  private static Map<String, String> fields(JsonNode node) {
    Map<String, String> map = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> list = new ArrayList<>();
    array.forEach(list::add);
    return list;
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> set = new TreeSet<>();
    array.forEach(n -> set.add(n.asText()));
    return set;
  }
}
