import CreditCore
