package dev.mtlsauthz.authserver.metrics;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Prometheus scrapes the metrics, under {@code authserver.metrics}.
 *
 * @param port the port of the metrics connector, plain HTTP, that serves
 * {@code /actuator/prometheus} and nothing else; unset (the default): no metrics
 * connector, and the metrics are served nowhere (they are still recorded). The public
 * connectors never serve them
 * @param address the address the metrics connector listens on; the loopback interface by
 * default, so that only the host itself scrapes. In a container: {@code 0.0.0.0}, with
 * the port published to the monitoring network only
 */
public record MetricsProperties(Integer port, @DefaultValue("127.0.0.1") String address) {

}
