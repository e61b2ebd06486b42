package io.twinloop.planner.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat-completions endpoint on 127.0.0.1 that answers from a script: the
 * script sees each request (messages, tools) and returns the reply. It drives the real
 * langchain4j HTTP client path in this module's tests and in bench's LlmLoopBenchmark (through this
 * module's test jar, which holds only this class); nothing needs a live model.
 */
public final class ScriptedOpenAiServer implements AutoCloseable {

    /** JSON mapper for scripts. */
    public static final ObjectMapper JSON = new ObjectMapper();

    static {
        // answer without Nagle's delay: headers and body are separate writes, and the client's
        // delayed ACK would otherwise add 40 ms to every call
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /**
     * What the server does for one request.
     *
     * @param status      HTTP status
     * @param body        response body
     * @param delayMillis wait before answering
     */
    public record Reply(int status, String body, long delayMillis) {
    }

    private final HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, Reply> script;

    /** Starts the server on an ephemeral loopback port. */
    public ScriptedOpenAiServer(Function<JsonNode, Reply> script) throws IOException {
        this.script = script;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/v1/chat/completions", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            JsonNode req = JSON.readTree(body);
            requests.add(req);
            Reply r;
            try {
                r = this.script.apply(req);
            } catch (RuntimeException e) {
                r = new Reply(500, "{\"error\": {\"message\": \"script failed: " + e + "\"}}", 0);
            }
            if (r.delayMillis() > 0) {
                try {
                    Thread.sleep(r.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            try {
                ex.sendResponseHeaders(r.status(), out.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            } catch (IOException e) {
                // the client gave up (timeout): nothing to do
            }
        });
        server.start();
    }

    /** Replaces the script. */
    public void script(Function<JsonNode, Reply> s) {
        this.script = s;
    }

    /** The base URL to give the client. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The requests received, in order. */
    public List<JsonNode> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** A plain assistant answer. */
    public static Reply text(String content, int promptTokens, int completionTokens) {
        ObjectNode msg = JSON.createObjectNode().put("role", "assistant").put("content", content);
        return new Reply(200, completion(msg, "stop", promptTokens, completionTokens), 0);
    }

    /** An assistant message with tool calls: {name, arguments JSON} pairs. */
    public static Reply toolCalls(int promptTokens, int completionTokens, String... nameArgs) {
        ObjectNode msg = JSON.createObjectNode().put("role", "assistant");
        msg.putNull("content");
        ArrayNode calls = msg.putArray("tool_calls");
        for (int i = 0; i + 1 < nameArgs.length; i += 2) {
            ObjectNode c = calls.addObject().put("id", "call_" + i).put("type", "function");
            c.putObject("function").put("name", nameArgs[i]).put("arguments", nameArgs[i + 1]);
        }
        return new Reply(200, completion(msg, "tool_calls", promptTokens, completionTokens), 0);
    }

    private static String completion(ObjectNode msg, String finish, int promptTokens, int completionTokens) {
        ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-test").put("object", "chat.completion")
                .put("created", 0).put("model", "scripted");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.set("message", msg);
        choice.put("finish_reason", finish);
        root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return root.toString();
    }

    /** The content of the last message with role "tool" in a request, or null. */
    public static String lastToolResult(JsonNode req) {
        JsonNode ms = req.get("messages");
        for (int i = ms.size() - 1; i >= 0; i--) {
            if ("tool".equals(ms.get(i).path("role").asText())) {
                return ms.get(i).path("content").asText();
            }
        }
        return null;
    }

    /** Number of messages with the given role in a request. */
    public static int count(JsonNode req, String role) {
        int n = 0;
        for (JsonNode m : req.get("messages")) {
            n += role.equals(m.path("role").asText()) ? 1 : 0;
        }
        return n;
    }
}
