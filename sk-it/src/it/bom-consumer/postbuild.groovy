// Runs after the consumer's build (maven-invoker-plugin post-build hook): checks that it really
// compiled a named module requiring dev.suitkaise.cycle and that the main class ran and passed.
import java.lang.module.ModuleDescriptor

File descriptorFile = new File(basedir, 'target/classes/module-info.class')
assert descriptorFile.isFile() : "no module descriptor at ${descriptorFile}: the consumer was not compiled as a module"
ModuleDescriptor descriptor = descriptorFile.withInputStream { ModuleDescriptor.read(it) }
assert descriptor.name() == 'example.bomconsumer'
assert descriptor.requires().any { it.name() == 'dev.suitkaise.cycle' } : "module descriptor lacks requires dev.suitkaise.cycle: ${descriptor}"

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('bom-consumer: all checks passed in module example.bomconsumer using dev.suitkaise.reg') : 'the consumer main class did not report success on the module path'
assert !log.contains('bom-consumer: FAILED')
return true
