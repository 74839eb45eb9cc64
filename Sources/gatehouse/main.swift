import Foundation
import GatehouseServer

exit(GatehouseCommand.run(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
