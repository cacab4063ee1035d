package com.switchboard.server.web;

import com.switchboard.activities.db.Database;
import com.switchboard.activities.route.PhoneNumbers;
import com.switchboard.server.calls.AnalyticsRepository;
import com.switchboard.server.calls.CallHistoryRepository;
import com.switchboard.server.numbers.NumberRepository;
import com.switchboard.server.organizations.OrganizationRepository;
import com.switchboard.server.security.UserRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The repositories the dashboard and the API read and write through; each owns its SQL. */
@Configuration(proxyBeanMethods = false)
class RepositoryConfiguration {
    /**
     * @param defaultRegion the country national numbers are read in (ISO 3166, e.g. IT): the one the
     *     PBX dials from; the same setting routing reads, so that the inventory stores numbers in the
     *     form routing looks them up in
     */
    @Bean
    PhoneNumbers phoneNumbers(@Value("${switchboard.worker.default-region:IT}") String defaultRegion) {
        return new PhoneNumbers(defaultRegion);
    }

    @Bean
    NumberRepository numberRepository(Database database, PhoneNumbers phoneNumbers) {
        return new NumberRepository(database, phoneNumbers);
    }

    @Bean
    OrganizationRepository organizationRepository(Database database) {
        return new OrganizationRepository(database);
    }

    @Bean
    UserRepository userRepository(Database database) {
        return new UserRepository(database);
    }

    @Bean
    CallHistoryRepository callHistoryRepository(Database database) {
        return new CallHistoryRepository(database);
    }

    @Bean
    AnalyticsRepository analyticsRepository(Database database) {
        return new AnalyticsRepository(database);
    }
}
