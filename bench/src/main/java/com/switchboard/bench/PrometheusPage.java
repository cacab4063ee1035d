package com.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One read of a Prometheus text page: its samples, each name, labels and value. */
public final class PrometheusPage {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)\\})? (\\S+)");

    private PrometheusPage() {}

    /** A sample line: {@code labels} is the text between the braces, empty without any. */
    public record Sample(String name, String labels, double value) {
        /** The value of one label, or null. */
        public String label(String label) {
            Matcher value = Pattern.compile("(?:^|,)" + Pattern.quote(label) + "=\"([^\"]*)\"")
                    .matcher(labels);
            return value.find() ? value.group(1) : null;
        }
    }

    public static List<Sample> fetch(URI page) throws Exception {
        String body;
        try (HttpClient http = HttpClient.newHttpClient()) {
            body = http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        }
        List<Sample> samples = new ArrayList<>();
        for (String line : body.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.find()) {
                try {
                    samples.add(new Sample(
                            sample.group(1),
                            sample.group(2) == null ? "" : sample.group(2),
                            Double.parseDouble(sample.group(3))));
                } catch (NumberFormatException notANumber) {
                    // NaN and the like are parsed by Double; anything else is not a sample
                }
            }
        }
        return samples;
    }
}
