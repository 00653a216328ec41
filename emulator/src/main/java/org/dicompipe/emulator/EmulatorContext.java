package org.dicompipe.emulator;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** What a feature may know about the running emulator and its sibling features. */
public final class EmulatorContext {

    private final EmulatorConfig config;
    private final List<EmulatorFeature> features;
    private volatile URI baseUrl;

    EmulatorContext(EmulatorConfig config, List<EmulatorFeature> features) {
        this.config = config;
        this.features = features;
    }

    public EmulatorConfig config() {
        return config;
    }

    /** http://host:port/ once the connector is bound; features use it to build self links. */
    public URI baseUrl() {
        return baseUrl;
    }

    void baseUrl(URI uri) {
        this.baseUrl = uri;
    }

    public <T extends EmulatorFeature> Optional<T> feature(Class<T> type) {
        return features.stream().filter(type::isInstance).map(type::cast).findFirst();
    }
}
