package com.switchboard.server.livekit;

import com.switchboard.activities.livekit.LiveKitClients;
import io.livekit.server.WebhookReceiver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class LiveKitConfiguration {

    @Bean(destroyMethod = "close")
    LiveKitClients liveKitClients(LiveKitProperties properties) {
        return LiveKitClients.create(properties.settings());
    }

    @Bean
    WebhookReceiver webhookReceiver(LiveKitProperties properties) {
        return new WebhookReceiver(properties.apiKey(), properties.apiSecret());
    }
}
