package dev.paymentworker.processing;

import dev.paymentworker.config.UrlProperties;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the handlers into the processor. */
@Configuration(proxyBeanMethods = false)
class ProcessingConfiguration {

  @Bean
  UrlPolicy urlPolicy(UrlProperties urls) {
    return new UrlPolicy(urls);
  }

  @Bean
  CommandCodec commandCodec() {
    return new CommandCodec();
  }

  @Bean
  CommandProcessor commandProcessor(List<CommandHandler<?>> handlers, CommandCodec codec) {
    return new CommandProcessor(handlers, codec, Clock.systemUTC());
  }
}
